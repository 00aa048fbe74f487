"""Regenerate every import fixture: python3 scripts/mimic/all.py (numpy only; deterministic)."""
import fastai_v1
import fastai_v2
import keras
import lightning
import plain
import tensorboard
import torch_lr_finder

for module in (fastai_v2, fastai_v1, torch_lr_finder, lightning, keras, tensorboard, plain):
    module.main()
    print("wrote", module.__name__)
