"""학습률 스케줄러 튜토리얼 (Learning-rate scheduler tutorial).

세 가지 스케줄러를 비교합니다:
  1. StepLR            - 일정 epoch마다 학습률을 gamma배로 줄입니다 (step decay).
  2. CosineAnnealingLR - 코사인 곡선을 따라 학습률을 줄입니다 (cosine decay).
  3. LambdaLR          - Hugging Face 방식의 linear warm-up + linear decay를 직접 구현합니다.

LR Lens: 각 스케줄러 위의 코드 렌즈를 누르면 학습률 곡선이 그려집니다.
"""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from torch.optim.lr_scheduler import StepLR, CosineAnnealingLR, LambdaLR

# 하이퍼파라미터 (hyper-parameters)
batch_size = 32
num_epochs = 10
learning_rate = 5e-5
warmup_steps = 100

# 가짜 데이터셋: 3,200개 샘플 -> 배치 100개 (fake dataset: 100 batches per epoch)
dataset = TensorDataset(torch.randn(3200, 16), torch.randint(0, 2, (3200,)))
train_loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)

model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 2))
criterion = nn.CrossEntropyLoss()

# 1. Step decay: 3 epoch마다 학습률 x 0.5
sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
step_scheduler = StepLR(sgd, step_size=3, gamma=0.5)

# 2. Cosine decay: num_epochs 동안 0.1 -> 1e-4
sgd2 = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
cosine_scheduler = CosineAnnealingLR(sgd2, T_max=num_epochs, eta_min=1e-4)

# 3. Linear warm-up + linear decay (transformers의 get_linear_schedule_with_warmup와 같음)
optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
num_training_steps = num_epochs * len(train_loader)


def lr_lambda(current_step):
    # warm-up 구간: 0 -> 1 로 선형 증가
    if current_step < warmup_steps:
        return float(current_step) / float(max(1, warmup_steps))
    # 이후: 1 -> 0 으로 선형 감소
    return max(0.0, float(num_training_steps - current_step) / float(max(1, num_training_steps - warmup_steps)))


scheduler = LambdaLR(optimizer, lr_lambda)

for epoch in range(num_epochs):
    model.train()
    for inputs, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()
        scheduler.step()  # 배치마다 (per batch): optimizer.step() 다음에 호출
    # epoch 단위 스케줄러는 epoch이 끝날 때 호출합니다 (per epoch)
    sgd.step()
    step_scheduler.step()
    sgd2.step()
    cosine_scheduler.step()
    print(f"epoch {epoch}: lr={scheduler.get_last_lr()[0]:.2e}")
