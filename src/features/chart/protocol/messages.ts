import type { Library } from '../../../core/engine/signatures';
/**
 * The typed protocol between the extension host (src/features/chart/host/chartPanel.ts) and the chart page
 * (webview/main.ts). Everything here is structured-clone / JSON safe: no functions, no class
 * instances except typed arrays (VS Code transfers those efficiently).
 *
 * Flow: the page posts `ready`; the host answers with `state`. From then on the host pushes `state`
 * whenever the document, the active editor or the analysis changes and `focus` when the cursor moves
 * to another scheduler. Every message from the page is checked by `validateWebviewMessage`
 * (./validate.ts) before the host acts on it.
 */
import type { CellSlice } from '../../../core/model/cells';
import type { Assumption, Diagnostic, StepUnit } from '../../../core/model/types';
import type { OptimizerSpec, ScheduleError } from '../../../core/engine/spec';
import type { LogOverlay } from '../../../core/logs/types';

export type { LogOverlay };

/** JSON values: what a ScheduleSpec's arguments look like once callables are taken out. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A ScheduleSpec without callables (a callable argument makes the whole spec non-serializable). */
export interface JsonSpec {
  kind: string;
  args: Record<string, JsonValue>;
}

/** A value the page may put into an editable field and send back: what a Python literal can be. */
export type EditValue = number | string | boolean | null | number[];

/** One argument as the code writes it, without source ranges (the host keeps those). */
export interface ArgumentModel {
  name: string;
  text?: string;
  isLiteral: boolean;
}

/** A simulated curve in transferable form (the engine's Curve with plain number arrays or typed arrays). */
export interface CurveData {
  groups: number;
  rows: number;
  lr: Float64Array | number[];
  momentum?: Float64Array | number[];
  error?: ScheduleError;
}

/**
 * Everything the page needs to draw and recompute one scheduler. Findings nested in a composite
 * (SequentialLR / ChainedScheduler children) are sent too, with `parent` set; only top-level models
 * are drawn as curves, children are edited inside their parent's spec.
 */
export interface ScheduleModel {
  id: number;
  /** Variable name in the code, if any. */
  name: string | null;
  kind: string;
  library: Library;
  /** 1-based line of the constructor call. */
  line: number;
  /**
   * The schedule the engine simulates, JSON only. Null when the spec contains a Python callable
   * (LambdaLR, MultiplicativeLR, CyclicLR with scale_fn, …): then `curve` is precomputed by the host,
   * and the page reruns the analysis from `StateMessage.analysisInput` to recompute it after an edit.
   */
  spec: JsonSpec | null;
  /** Resolved arguments as the analysis shows them (callables by their source text). */
  params: Record<string, JsonValue>;
  arguments: ArgumentModel[];
  optimizer: OptimizerSpec;
  /** The run length the code shows (scheduler steps). */
  steps: number;
  stepsSource: string;
  unit: StepUnit;
  /** Optimizer steps per epoch when the loops show it (or it was assumed), else null. */
  stepsPerEpoch: number | null;
  assumptions: Assumption[];
  diagnostics: Diagnostic[];
  parent: number | null;
  children: number[];
  metricDriven: boolean;
  active: boolean;
  /** Present when `spec` is null (or the host simulated it anyway); the page draws it as is. */
  curve?: CurveData;
  /**
   * timm: `step_update` calls per epoch and whether `step(epoch)` is called. `steps` then counts
   * optimizer steps (batches; epochs when updatesPerEpoch is 0) and the curve is the lr each batch
   * trains with (src/features/chart/protocol/models.ts simulateSchedule).
   */
  timm?: { updatesPerEpoch: number; epochCalls: boolean };
}

export interface FocusTarget {
  schedulerId: number | null;
  /** Which part of that scheduler's form to focus. */
  section?: 'params' | 'assumptions';
}

/**
 * What the page needs to rerun the analysis itself (src/core is bundled into the page), so an
 * assumption edit or an edit of a schedule that calls Python code is recomputed in the page.
 */
export interface AnalysisInput {
  /** The text the host analyzed: the document, or for a notebook cell all the notebook's code cells. */
  text: string;
  /** The host's analysis options (settings), so the page's analysis is the host's. */
  options: { defaultRunLength: number; defaultDatasetSize: number; timeLimitMs: number; files?: Record<string, string> };
  /** For a notebook cell: where the cell is in `text` (src/core/model/cells.ts). */
  cell?: CellSlice;
}

export interface PanelSettings {
  logScale: boolean;
}

/** The training log compared with the file: where it is, and what was read (or why not). */
export interface LogState {
  /** File name, and its path as shown (workspace-relative when it is in the workspace). */
  label: string;
  path: string;
  /** How it was chosen: picked by the user, or found where the script writes. */
  origin: 'picked' | 'found';
  overlay?: LogOverlay;
  /** Why it could not be read or compared (translated). */
  error?: string;
  /** What was skipped while reading (translated). */
  notes: string[];
}

export interface StateMessage {
  type: 'state';
  uri: string;
  /** The document version the analysis was made from; edits must quote it back. */
  version: number;
  fileName: string;
  models: ScheduleModel[];
  /** Assumption overrides currently applied by the host (name → value). */
  overrides: Record<string, number | string>;
  focus: FocusTarget;
  settings: PanelSettings;
  /** Shown above the chart (e.g. "No schedulers in this file"). */
  note?: string;
  /** Absent when the text is over LIMITS.sourceText: then those edits round-trip (`recompute`). */
  analysisInput?: AnalysisInput;
  /** The run's own training log, when one is compared. */
  log?: LogState;
  /**
   * The document was changed by undo or redo in the editor: the page drops its argument and
   * run-length edits and shows the document's state (the assumptions the host holds stay).
   */
  resetEdits?: boolean;
}

/**
 * A schedule being chosen in "Generate Scheduler…", drawn dashed over the file's curves until the
 * code is written (then `preview: null`). The host simulates it, so the page only draws.
 */
export interface PreviewData {
  label: string;
  curve: CurveData;
}

export type HostToWebview =
  | StateMessage
  | { type: 'focus'; focus: FocusTarget }
  | { type: 'error'; message: string }
  | { type: 'info'; message: string }
  | { type: 'settings'; settings: PanelSettings }
  | { type: 'preview'; preview: PreviewData | null };

/** One changed argument for "Apply to code": the host formats `value` as a Python literal. */
export interface ArgumentEdit {
  schedulerId: number;
  argument: string;
  value: EditValue;
}

/**
 * Page-side overrides of a callable spec, sent to the host to simulate (params and/or run length).
 * Only when the state had no `analysisInput`; otherwise the page recomputes everything itself.
 */
export interface ScheduleOverride {
  schedulerId: number;
  steps?: number;
  params?: Record<string, EditValue>;
}

export type WebviewToHost =
  | { type: 'ready' }
  | {
      type: 'applyToCode';
      uri: string;
      version: number;
      edits: ArgumentEdit[];
      /** The assumption overrides of the page's analysis, so the host plans against the same findings. */
      assumptions?: Record<string, number | string>;
    }
  | {
      type: 'recompute';
      uri: string;
      version: number;
      assumptions: Record<string, number | string>;
      overrides: ScheduleOverride[];
    }
  | { type: 'exportCsv'; fileName: string; csv: string }
  | { type: 'savePng'; fileName: string; dataUrl: string }
  | { type: 'reveal'; uri: string; schedulerId: number; argument?: string }
  | { type: 'rendered'; datasets: number; points: number; ms: number; text?: RenderedText; overlay?: RenderedOverlay }
  /** "Compare with a Training Log…" from the page's toolbar. */
  | { type: 'compareLog' }
  | { type: 'log'; level: 'info' | 'error'; message: string };

/**
 * The words the page shows, reported with `rendered` (the Korean integration run reads them through
 * `lrLens.test.chartPanelState`): the document's language, how many templates of the host's string
 * table the page kept, and the texts of the toolbar, the schedulers' diagnostics and errors.
 */
export interface RenderedText {
  lang: string;
  strings: number;
  texts: string[];
}

/** What the page drew of a training log (reported with `rendered`, read by the integration tests). */
export interface RenderedOverlay {
  /** Logged points drawn. */
  points: number;
  /** The first logged step that differs beyond float32 precision, or null. */
  firstStep: number | null;
  /** src/core/logs/compare.ts ReasonKind. */
  reason: string;
  maxRelDiff: number;
}

/** For `switch` exhaustiveness checks on message unions. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}

/** Limits the validator enforces (exported so the page can respect them too). */
export const LIMITS = {
  /** URIs, names, file names. */
  shortString: 2048,
  /** Assumption values and string arguments. */
  valueString: 4096,
  /** Log messages. */
  message: 8192,
  /** The texts a `rendered` report carries. */
  renderedTexts: 64,
  edits: 200,
  assumptions: 500,
  overrides: 500,
  numberList: 10_000,
  /** A CSV of 10^6 rows × a few columns is ~40 MB. */
  csv: 256 * 1024 * 1024,
  /** PNG data URLs. */
  png: 64 * 1024 * 1024,
  maxSteps: 10_000_000,
  /** Largest text the host sends for the page to analyze itself (characters). */
  sourceText: 4 * 1024 * 1024,
} as const;
