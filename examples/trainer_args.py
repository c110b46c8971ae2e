"""Fine-tuning with the Hugging Face Trainer: the schedule is set by TrainingArguments."""
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

model_name = "distilbert-base-uncased"
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=2)

dataset = load_dataset("imdb")
tokenized = dataset.map(lambda b: tokenizer(b["text"], truncation=True), batched=True)

training_args = TrainingArguments(
    output_dir="out/imdb-distilbert",
    learning_rate=3e-5,
    per_device_train_batch_size=16,
    gradient_accumulation_steps=2,
    num_train_epochs=2,
    max_steps=2000,
    warmup_ratio=0.06,
    lr_scheduler_type="cosine",
    weight_decay=0.01,
    logging_steps=50,
    eval_strategy="epoch",
    save_strategy="epoch",
)

trainer = Trainer(
    model=model,
    args=training_args,
    train_dataset=tokenized["train"],
    eval_dataset=tokenized["test"],
    tokenizer=tokenizer,
)
trainer.train()
