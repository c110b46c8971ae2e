/**
 * User-visible strings of the chart page, in one table so an l10n pass can translate them (the page
 * cannot call vscode.l10n; the host can send a translated table later). Functions take the values
 * they interpolate.
 */
export const STRINGS = {
  /** Legend tag of a schedule the page cannot recompute (no text to analyze: the host does it). */
  recomputedByEditor: 'recomputed by the editor',
  /** Hint under a schedule that calls Python code, when the page reruns the analysis itself. */
  callableHintLocal: 'This schedule calls Python code (a lambda or function): the chart reruns it here as you edit a field.',
  /** The same, when the file is too large for the page to analyze: the editor recomputes it. */
  callableHintHost: 'This schedule calls Python code (a lambda or function): the editor recomputes it when you change a field.',
  /** Title suffix of the top x axis (schedules that cannot be converted to the bottom axis's unit). */
  secondaryAxisNote: 'steps per epoch unknown',
  applyLabel: (n: number): string => (n ? `Apply to code (${n})` : 'Apply to code'),
} as const;
