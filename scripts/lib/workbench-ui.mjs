// Steps in a real VS Code workbench page (playwright-core), shared by scripts/run-e2e.mjs and
// scripts/run-vsix-test.mjs: wait for the workbench, open a file of the workspace, find code lenses,
// take screenshots.
import path from 'node:path';

/** Waits until the workbench renders and the Explorer lists `fileName`. */
export async function waitForWorkbench(page, fileName, { timeout = 60_000 } = {}) {
  await page.waitForSelector('.monaco-workbench', { timeout });
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${fileName}"]`).first().waitFor({ timeout });
}

/**
 * Opens `fileName` in an editor with Quick Open (Ctrl+P), falling back to a double click in the
 * Explorer, and waits until the editor shows `expectText`. Returns how it was opened.
 */
export async function openInEditor(page, fileName, { expectText, log = () => {} } = {}) {
  let how = 'Quick Open';
  try {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(fileName);
    await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator(`.tab[aria-label*="${fileName}"]`).first().waitFor({ timeout: 10_000 });
  } catch (e) {
    how = 'Explorer';
    log(`Quick Open failed (${e.message.split('\n')[0]}); opening from the Explorer`);
    await page.keyboard.press('Escape');
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${fileName}"]`).first().dblclick();
    await page.locator(`.tab[aria-label*="${fileName}"]`).first().waitFor({ timeout: 15_000 });
  }
  if (expectText) await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: expectText }).first().waitFor({ timeout: 30_000 });
  return how;
}

/** The code lens links in the editor whose text matches `re`. */
export function codeLenses(page, re) {
  return page.locator('.contentWidgets .codelens-decoration a', re ? { hasText: re } : {});
}

/** `shot(name)`: a screenshot of the page into `dir`; returns its path relative to `root` (a failed screenshot is logged). */
export function screenshotter(page, dir, { root, log = () => {} }) {
  return async (name) => {
    const file = path.join(dir, name);
    await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
    return path.relative(root, file);
  };
}
