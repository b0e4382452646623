/** Stylesheets imported by the webview apps are bundled by esbuild into <entry>.css. */
declare module '*.css';
