"""LR Lens sample: fine-tuning with linear warm-up and decay (the Hugging Face tutorial's shape).

Nothing here is run. LR Lens reads the code and draws the learning rate of every step:
  - the code lens above `get_linear_schedule_with_warmup(...)` sums up the curve; click it for the chart;
  - rest the mouse on the call for the curve, the peak and the final learning rate;
  - `len(train_dataloader)` is only known when the program runs, so LR Lens assumes it and says so.
"""
import torch
from torch import nn
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

num_epochs = 3
learning_rate = 5e-5

model = nn.Linear(768, 2)
train_dataloader = DataLoader(train_dataset, batch_size=32, shuffle=True)

optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
num_training_steps = num_epochs * len(train_dataloader)
lr_scheduler = get_linear_schedule_with_warmup(
    optimizer,
    num_warmup_steps=int(0.1 * num_training_steps),
    num_training_steps=num_training_steps,
)

for epoch in range(num_epochs):
    for batch in train_dataloader:
        loss = model(batch).sum()
        loss.backward()
        optimizer.step()
        lr_scheduler.step()
        optimizer.zero_grad()
