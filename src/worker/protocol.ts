/**
 * Messages between the extension host and the analysis worker (src/worker/serve.ts): plain data
 * that structured clone carries (the curves' Float64Arrays are transferred, not copied).
 */
import type { Assumption } from '../core/model/types';
import type { ModelInputs } from '../core/model/documentModel';
import type { Curve } from '../core/engine/spec';

/**
 * The analysis worker's heap cap, MB, on desktop and in the CLI (src/vscode/workerSpawnNode.ts,
 * src/cli/guard.ts): a file that needs more is stopped; the extension host or the CLI is not touched.
 */
export const ANALYSIS_HEAP_MB = 384;

export interface VetRequest {
  id: number;
  /** The analyzer to reuse (a document, or a notebook: its cells share one). */
  key: string;
  text: string;
  /** The document model's inputs (src/core/model/documentModel.ts): the host builds its model of the same text from the same ones. */
  inputs: ModelInputs;
}

/** A finding's curve over its natural run, with what identifies the finding in the host's own analysis of the same text. */
export interface VetCurve {
  id: number;
  kind: string;
  line: number;
  steps: number;
  curve: Curve;
  assumptions: Assumption[];
}

export type VetReply = { id: number; ok: true; curves: VetCurve[]; ms: number } | { id: number; ok: false; reason: string };

/** A request the host no longer needs (its document changed or closed): the worker forgets the analyzer. */
export interface ForgetRequest {
  id: -1;
  forget: string;
}
