"""Super-convergence with OneCycleLR (one cycle over the whole run, stepped every batch)."""
import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import OneCycleLR
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

EPOCHS = 20
BATCH_SIZE = 128

train_set = datasets.CIFAR10("data", train=True, download=True, transform=transforms.ToTensor())
train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True, num_workers=4)

model = torch.hub.load("pytorch/vision", "resnet18", num_classes=10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4, nesterov=True)
scheduler = OneCycleLR(
    optimizer,
    max_lr=0.1,
    epochs=EPOCHS,
    steps_per_epoch=len(train_loader),
    pct_start=0.25,
    anneal_strategy="cos",
    div_factor=25.0,
    final_div_factor=1e4,
)

for epoch in range(EPOCHS):
    model.train()
    for images, targets in train_loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), targets)
        loss.backward()
        optimizer.step()
        scheduler.step()
