// Hand-built findings (the shape src/core/model produces) for the editor layer's pure modules.
import type { SchedulerFinding } from '../../../src/core/model/types';
import type { ScheduleSpec } from '../../../src/core/engine/spec';

const range = (line: number) => ({
  start: 0,
  end: 10,
  startPos: { line: line - 1, character: 12 },
  endPos: { line: line - 1, character: 50 },
});

export function finding(spec: ScheduleSpec, over: Partial<SchedulerFinding> = {}): SchedulerFinding {
  return {
    id: 0,
    name: 'scheduler',
    aliases: ['scheduler'],
    kind: spec.kind,
    library: spec.kind.startsWith('get_') ? 'transformers' : 'torch',
    range: range(over.line ?? 12),
    line: 12,
    arguments: Object.entries(spec.args).map(([name, v]) => ({ name, text: String(v), isLiteral: true, positional: false })),
    params: { ...spec.args } as Record<string, unknown>,
    spec,
    optimizer: { type: 'AdamW', paramGroups: [{ lr: 5e-5 }] },
    baseLrs: [5e-5],
    unit: 'step',
    naturalSteps: 1000,
    naturalStepsSource: 'num_training_steps',
    stepCalls: [],
    assumptions: [],
    diagnostics: [],
    active: true,
    parent: null,
    children: [],
    metricDriven: false,
    ...over,
  };
}
