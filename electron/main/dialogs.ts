/**
 * The native dialogs the shell shows, each modal to the window when there is one. Kept apart
 * from index.ts so the entry file only puts things in order.
 */
import { isAbsolute, join } from 'node:path';
import { app, dialog } from 'electron';
import type { BrowserWindow, MessageBoxOptions, SaveDialogOptions } from 'electron';

type Parent = () => BrowserWindow | null;

async function messageBox(parent: Parent, options: MessageBoxOptions): Promise<number> {
  const window = parent();
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response;
}

export async function confirmCamera(parent: Parent): Promise<boolean> {
  const response = await messageBox(parent, {
    type: 'question',
    buttons: ['Use camera', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Scan a QR code with the camera?',
    detail: 'Symbolon may use the camera for the next two minutes, for this scan only. Nothing is recorded or stored.',
  });
  return response === 0;
}

/** `suggested` is a file name (first ask, in Documents) or a full path (asking again). */
export async function chooseSavePath(parent: Parent, suggested: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: 'Save handout as PDF',
    defaultPath: isAbsolute(suggested) ? suggested : join(app.getPath('documents'), suggested),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const window = parent();
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

export async function warn(parent: Parent, text: { message: string; detail: string }): Promise<void> {
  await messageBox(parent, { type: 'warning', buttons: ['I understand'], defaultId: 0, ...text });
}
