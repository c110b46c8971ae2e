// A generated long training script for the typing-latency test (and for measuring it in plain Node).

/** A realistic long training script: many helper functions and classes, the schedulers near the end. */
export function bigScript(lines: number): string {
  const head = [
    '"""A long training script (generated for the typing-latency test)."""',
    'import math',
    'import torch',
    'from torch import nn',
    'from torch.optim.lr_scheduler import StepLR, CosineAnnealingLR',
    'from transformers import get_linear_schedule_with_warmup',
    '',
  ];
  const tail = [
    '',
    'model = nn.Linear(16, 4)',
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
    'scheduler = StepLR(optimizer, step_size=30, gamma=0.1)',
    'opt2 = torch.optim.AdamW(model.parameters(), lr=3e-4)',
    'cosine = CosineAnnealingLR(opt2, T_max=200, eta_min=1e-6)',
    'opt3 = torch.optim.AdamW(model.parameters(), lr=5e-5)',
    'hf = get_linear_schedule_with_warmup(opt3, num_warmup_steps=100, num_training_steps=2000)',
    'for epoch in range(100):',
    '    optimizer.step()',
    '    scheduler.step()',
    '    opt2.step()',
    '    cosine.step()',
    'for step in range(2000):',
    '    opt3.step()',
    '    hf.step()',
  ];
  const body: string[] = [];
  let i = 0;
  while (head.length + body.length + tail.length < lines) {
    const block = [
      '',
      `def helper_${i}(x, scale=${(i % 7) + 1}):`,
      `    """Helper ${i}: a small numeric transform."""`,
      '    total = 0.0',
      '    for k in range(3):',
      '        total += math.sqrt(abs(x) + k) * scale',
      '    if total > 100:',
      '        total = total / 2',
      '    return total',
      '',
      `class Block${i}(nn.Module):`,
      '    def __init__(self, dim=16):',
      '        super().__init__()',
      '        self.lin = nn.Linear(dim, dim)',
      '',
      '    def forward(self, x):',
      `        return self.lin(x) * ${i % 5 + 1}  # block ${i}`,
    ];
    for (const l of block) if (head.length + body.length + tail.length < lines) body.push(l);
    i++;
  }
  return [...head, ...body, ...tail].join('\n');
}
