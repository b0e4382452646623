import * as vscode from 'vscode';

export interface InputOptions {
  title?: string;
  prompt?: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** Returns a message when the value is not acceptable; undefined when it is. */
  validate?: (value: string) => string | undefined;
  /** Buttons in the input box's title bar; the box stays open after one is pressed. */
  buttons?: { tooltip: string; icon: string; run: () => unknown }[];
}

export interface PickOptions {
  title?: string;
  placeholder?: string;
  /** Typing filters on the description too (e.g. an SPDX id under a license name). */
  matchOnDescription?: boolean;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/**
 * Everything the commands ask the user. The real implementation uses VS Code's input boxes and notifications;
 * integration tests swap in a scripted one through the extension's test API, so every command's logic runs in
 * the real host while the typing is scripted (the UI tests type into the real boxes).
 */
export interface Prompter {
  input(options: InputOptions): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[], options: PickOptions): Promise<T | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  warning(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Promise<string | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
}

export class VsCodePrompter implements Prompter {
  input(options: InputOptions): Promise<string | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      box.title = options.title;
      box.prompt = options.prompt;
      box.placeholder = options.placeholder;
      box.value = options.value ?? '';
      box.password = options.password ?? false;
      box.ignoreFocusOut = true;
      const buttons = (options.buttons ?? []).map((b) => ({ iconPath: new vscode.ThemeIcon(b.icon), tooltip: b.tooltip, run: b.run }));
      box.buttons = buttons;
      let settled = false;
      const finish = (value: string | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
        box.dispose();
      };
      const validate = (value: string) => {
        box.validationMessage = value.trim() === '' ? undefined : options.validate?.(value);
      };
      validate(box.value);
      box.onDidChangeValue(validate);
      box.onDidTriggerButton((button) => {
        void buttons.find((b) => b.tooltip === button.tooltip)?.run();
      });
      box.onDidAccept(() => {
        const problem = box.value.trim() === '' ? vscode.l10n.t('A value is required.') : options.validate?.(box.value);
        if (problem) {
          box.validationMessage = problem;
          return;
        }
        finish(box.value);
      });
      box.onDidHide(() => finish(undefined));
      box.show();
    });
  }

  async pick<T>(items: PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(items, {
      title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: options.matchOnDescription,
    });
    return picked?.value;
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showErrorMessage(message, ...actions);
  }

  async warning(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, options, ...actions);
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }
}
