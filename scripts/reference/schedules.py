#!/usr/bin/env python3
"""Reference sequences of PyTorch's OneCycleLR and CyclicLR and of fastai's fit_one_cycle, for lrfind's tests.

PyTorch cannot be installed here, so the schedulers' code is TRANSCRIBED from
  pytorch/pytorch torch/optim/lr_scheduler.py at commit 008f727ece1520e12c25089a7969d5b8fca75f8e
(`LRScheduler.__init__/_initial_step/step/_update_lr`, `CyclicLR`, `OneCycleLR`): the method bodies below are the
upstream ones, line for line, minus the warnings, the state-dict code and the epoch argument; the optimizer is a
stand-in with `param_groups` and `defaults` (all that the two schedulers touch). fastai's schedule is transcribed
from
  fastai/fastai fastai/callback/schedule.py (sched_cos, SchedCos, combine_scheds, combined_cos, ParamScheduler,
  fit_one_cycle) and fastai/callback/core.py (TrainEvalCallback: pct_train), fastai/optimizer.py (set_hyper's
  slice) and fastcore's even_mults,
with torch's float32 tensors in combine_scheds emulated by numpy float32 (torch casts the Python-float position to
the tensor's float32 for `pos >= pcts` and `pos - pcts[idx]`).

Writes test/fixtures/reference/schedules.json: for every option set, the lr (and momentum, when cycled) of every
step. Deterministic (no randomness, no timestamps). Run: python3 scripts/reference/schedules.py
"""
import json
import math
import os
import platform
from functools import partial

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'schedules.json')
PYTORCH_COMMIT = '008f727ece1520e12c25089a7969d5b8fca75f8e'


# ---------------------------------------------------------------------------------------------------------------
# A stand-in for torch.optim.Optimizer: one param group, the defaults of SGD (momentum) or Adam (betas).

class Optimizer:
    def __init__(self, lr, kind):
        if kind == 'momentum':
            self.defaults = {'lr': lr, 'momentum': 0.9}
            self.param_groups = [{'lr': lr, 'momentum': 0.9}]
        else:
            self.defaults = {'lr': lr, 'betas': (0.9, 0.999)}
            self.param_groups = [{'lr': lr, 'betas': (0.9, 0.999)}]


def _format_param(name, optimizer, param):
    """Return correctly formatted lr/momentum for each param group."""
    if isinstance(param, (list, tuple)):
        if len(param) != len(optimizer.param_groups):
            raise ValueError(f"{name} must have the same length as optimizer.param_groups.")
    else:
        param = [param] * len(optimizer.param_groups)
    return list(param)


class LRScheduler:
    def __init__(self, optimizer, last_epoch=-1):
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                initial_lr = group["lr"]
                group.setdefault("initial_lr", initial_lr)
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self):
        self._step_count = 0
        self.step()

    def step(self):
        self._step_count += 1
        self._update_lr()

    def _update_lr(self):
        self.last_epoch += 1
        values = self.get_lr()
        for param_group, lr in zip(self.optimizer.param_groups, values):
            param_group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]


class CyclicLR(LRScheduler):
    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_fn=None, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8,
                 max_momentum=0.9, last_epoch=-1):
        self.optimizer = optimizer

        base_lrs = _format_param("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr

        self.max_lrs = _format_param("max_lr", optimizer, max_lr)

        step_size_up = float(step_size_up)
        step_size_down = (
            float(step_size_down) if step_size_down is not None else step_size_up
        )
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size

        if mode not in ["triangular", "triangular2", "exp_range"] and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")

        self.mode = mode
        self.gamma = gamma

        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_fn()

        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if (
                "momentum" not in optimizer.defaults
                and "betas" not in optimizer.defaults
            ):
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"
                )

            self.use_beta1 = "betas" in self.optimizer.defaults
            self.base_momentums = _format_param(
                "base_momentum", optimizer, base_momentum
            )
            self.max_momentums = _format_param("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                for m_momentum, b_momentum, group in zip(
                    self.max_momentums, self.base_momentums, optimizer.param_groups
                ):
                    if self.use_beta1:
                        group["betas"] = (m_momentum, *group["betas"][1:])
                    else:
                        group["momentum"] = m_momentum
                    group["max_momentum"] = m_momentum
                    group["base_momentum"] = b_momentum

        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_fn(self):
        if self._scale_fn_custom is not None:
            return
        if self.mode == "triangular":
            self._scale_fn_ref = self._triangular_scale_fn
            self.scale_mode = "cycle"
        elif self.mode == "triangular2":
            self._scale_fn_ref = self._triangular2_scale_fn
            self.scale_mode = "cycle"
        elif self.mode == "exp_range":
            self._scale_fn_ref = partial(self._exp_range_scale_fn, self.gamma)
            self.scale_mode = "iterations"

    def scale_fn(self, x):
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        else:
            return self._scale_fn_ref(x)

    @staticmethod
    def _triangular_scale_fn(x):
        return 1.0

    @staticmethod
    def _triangular2_scale_fn(x):
        return 1 / (2.0 ** (x - 1))

    @staticmethod
    def _exp_range_scale_fn(gamma, x):
        return gamma**x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)

        lrs = []
        for base_lr, max_lr in zip(self.base_lrs, self.max_lrs):
            base_height = (max_lr - base_lr) * scale_factor
            if self.scale_mode == "cycle":
                lr = base_lr + base_height * self.scale_fn(cycle)
            else:
                lr = base_lr + base_height * self.scale_fn(self.last_epoch)
            lrs.append(lr)

        if self.cycle_momentum:
            momentums = []
            for base_momentum, max_momentum in zip(
                self.base_momentums, self.max_momentums
            ):
                base_height = (max_momentum - base_momentum) * scale_factor
                if self.scale_mode == "cycle":
                    momentum = max_momentum - base_height * self.scale_fn(cycle)
                else:
                    momentum = max_momentum - base_height * self.scale_fn(
                        self.last_epoch
                    )
                momentums.append(momentum)
            for param_group, momentum in zip(self.optimizer.param_groups, momentums):
                if self.use_beta1:
                    param_group["betas"] = (momentum, *param_group["betas"][1:])
                else:
                    param_group["momentum"] = momentum

        return lrs


class OneCycleLR(LRScheduler):
    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
                 anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
                 div_factor=25.0, final_div_factor=1e4, three_phase=False, last_epoch=-1):
        self.optimizer = optimizer

        # Validate total_steps
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(
                    f"Expected positive integer total_steps, but got {total_steps}"
                )
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(
                    f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}"
                )
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError(
                "You must define either total_steps OR (epochs AND steps_per_epoch)"
            )

        if three_phase:
            self._schedule_phases = [
                {
                    "end_step": float(pct_start * self.total_steps) - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "max_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "base_momentum",
                },
                {
                    "end_step": float(2 * pct_start * self.total_steps) - 2,
                    "start_lr": "max_lr",
                    "end_lr": "initial_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
                {
                    "end_step": self.total_steps - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "max_momentum",
                },
            ]
        else:
            self._schedule_phases = [
                {
                    "end_step": float(pct_start * self.total_steps) - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "max_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "base_momentum",
                },
                {
                    "end_step": self.total_steps - 1,
                    "start_lr": "max_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
            ]

        # Validate pct_start
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(
                f"Expected float between 0 and 1 pct_start, but got {pct_start}"
            )

        # Validate anneal_strategy
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}"
            )
        else:
            self._anneal_func_type = anneal_strategy

        # Initialize learning rate variables
        max_lrs = _format_param("max_lr", self.optimizer, max_lr)
        if last_epoch == -1:
            for idx, group in enumerate(self.optimizer.param_groups):
                group["initial_lr"] = max_lrs[idx] / div_factor
                group["max_lr"] = max_lrs[idx]
                group["min_lr"] = group["initial_lr"] / final_div_factor

        # Initialize momentum variables
        self.cycle_momentum = cycle_momentum
        if self.cycle_momentum:
            if (
                "momentum" not in self.optimizer.defaults
                and "betas" not in self.optimizer.defaults
            ):
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"
                )
            self.use_beta1 = "betas" in self.optimizer.defaults
            max_momentums = _format_param("max_momentum", optimizer, max_momentum)
            base_momentums = _format_param("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                for m_momentum, b_momentum, group in zip(
                    max_momentums, base_momentums, optimizer.param_groups
                ):
                    if self.use_beta1:
                        group["betas"] = (m_momentum, *group["betas"][1:])
                    else:
                        group["momentum"] = m_momentum
                    group["max_momentum"] = m_momentum
                    group["base_momentum"] = b_momentum

        super().__init__(optimizer, last_epoch)

    def _anneal_func(self, *args, **kwargs):
        if self._anneal_func_type == "cos":
            return self._annealing_cos(*args, **kwargs)
        elif self._anneal_func_type == "linear":
            return self._annealing_linear(*args, **kwargs)
        else:
            raise ValueError(f"Unknown _anneal_func_type: {self._anneal_func_type}")

    @staticmethod
    def _annealing_cos(start, end, pct):
        """Cosine anneal from `start` to `end` as pct goes from 0.0 to 1.0."""
        cos_out = math.cos(math.pi * pct) + 1
        return end + (start - end) / 2.0 * cos_out

    @staticmethod
    def _annealing_linear(start, end, pct):
        """Linearly anneal from `start` to `end` as pct goes from 0.0 to 1.0."""
        return (end - start) * pct + start

    def get_lr(self):
        lrs = []
        step_num = self.last_epoch

        if step_num > self.total_steps:
            raise ValueError(
                f"Tried to step {step_num} times. The specified number of total steps is {self.total_steps}"
            )

        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    computed_lr = self._anneal_func(
                        group[phase["start_lr"]], group[phase["end_lr"]], pct
                    )
                    if self.cycle_momentum:
                        computed_momentum = self._anneal_func(
                            group[phase["start_momentum"]],
                            group[phase["end_momentum"]],
                            pct,
                        )
                    break
                start_step = phase["end_step"]

            lrs.append(computed_lr)
            if self.cycle_momentum:
                if self.use_beta1:
                    group["betas"] = (computed_momentum, *group["betas"][1:])
                else:
                    group["momentum"] = computed_momentum

        return lrs


# ---------------------------------------------------------------------------------------------------------------
# fastai

def sched_cos(start, end, pos): return start + (1 + math.cos(math.pi*(1-pos))) * (end-start) / 2


def SchedCos(start, end): return partial(sched_cos, start, end)


def combine_scheds(pcts, scheds):
    "Combine `scheds` according to `pcts` in one function"
    assert sum(pcts) == 1.
    pcts = np.array([0] + list(pcts), dtype=np.float32)          # tensor([0] + L(pcts)): float32
    assert np.all(pcts >= 0)
    pcts = np.cumsum(pcts, 0, dtype=np.float32)                   # torch.cumsum keeps float32
    pct_lim = len(pcts) - 2
    def _inner(pos):
        pos32 = np.float32(pos)                                   # the Python float meets a float32 tensor
        idx = min(int(np.nonzero(pos32 >= pcts)[0].max()), pct_lim)
        actual_pos = (pos32 - pcts[idx]) / (pcts[idx+1] - pcts[idx])  # float32 arithmetic
        return scheds[idx](float(actual_pos))                     # .item()
    return _inner


def combined_cos(pct, start, middle, end):
    "Return a scheduler with cosine annealing from `start`→`middle` & `middle`→`end`"
    return combine_scheds([pct, 1-pct], [SchedCos(start, middle), SchedCos(middle, end)])


def fit_one_cycle(n_epoch, n_iter, lr_max, div=25., div_final=1e5, pct_start=0.25, moms=(0.95, 0.85, 0.95)):
    """The hyper-parameters ParamScheduler sets before every training batch of fit_one_cycle."""
    lr_max = np.array([lr_max])
    scheds = {'lr': combined_cos(pct_start, lr_max/div, lr_max, lr_max/div_final),
              'mom': combined_cos(pct_start, *moms)}
    out = {'lr': [], 'mom': []}
    for epoch in range(n_epoch):
        pct_train = epoch/n_epoch                                 # TrainEvalCallback.before_train
        for _ in range(n_iter):
            out['lr'].append(float(scheds['lr'](pct_train)[0]))  # ParamScheduler.before_batch
            out['mom'].append(float(scheds['mom'](pct_train)))
            pct_train += 1./(n_iter*n_epoch)                      # TrainEvalCallback.after_batch
    return out


def even_mults(start, stop, n):
    "Build log-stepped array from `start` to `stop` in `n` steps."
    if n == 1: return stop
    mult = stop/start
    step = mult**(1/(n-1))
    return np.array([start*(step**i) for i in range(n)])


def set_hyper_slice(start, stop, n):
    """fastai Optimizer.set_hyper for a slice over n param groups."""
    if start: v = even_mults(start, stop, n)
    else: v = [stop/10]*(n-1) + [stop]
    v = list(np.atleast_1d(v))
    if len(v) == 1: v = v*n
    return [float(x) for x in v]


# ---------------------------------------------------------------------------------------------------------------

def momentum_of(group):
    return group['betas'][0] if 'betas' in group else group.get('momentum')


def run_one_cycle(options, kind):
    opt = Optimizer(0.1, kind)
    s = OneCycleLR(opt, **options)
    lrs, moms = [opt.param_groups[0]['lr']], [momentum_of(opt.param_groups[0])]
    for _ in range(s.total_steps):
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
        moms.append(momentum_of(opt.param_groups[0]))
    return lrs, moms if options.get('cycle_momentum', True) else None


def run_cyclic(options, kind, steps):
    opt = Optimizer(0.1, kind)
    s = CyclicLR(opt, **options)
    lrs, moms = [opt.param_groups[0]['lr']], [momentum_of(opt.param_groups[0])]
    for _ in range(steps - 1):
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
        moms.append(momentum_of(opt.param_groups[0]))
    return lrs, moms if options.get('cycle_momentum', True) else None


SCALE_FNS = {
    # the custom policy of PyTorch's CyclicLR docstring in older releases
    'half_sine': lambda x: 0.5 * (1 + math.sin(x * math.pi / 2.)),
    'inverse': lambda x: 1 / (1 + 0.01 * x),
}

ONE_CYCLE = [
    {'max_lr': 0.01, 'total_steps': 100},
    {'max_lr': 0.1, 'total_steps': 1000},
    {'max_lr': 3e-3, 'epochs': 7, 'steps_per_epoch': 37},
    {'max_lr': 0.05, 'total_steps': 97, 'pct_start': 0.25},
    {'max_lr': 0.05, 'total_steps': 97, 'pct_start': 0.45, 'three_phase': True},
    {'max_lr': 0.2, 'total_steps': 250, 'three_phase': True},
    {'max_lr': 0.2, 'total_steps': 250, 'anneal_strategy': 'linear'},
    {'max_lr': 0.2, 'total_steps': 251, 'anneal_strategy': 'linear', 'three_phase': True, 'pct_start': 0.33},
    {'max_lr': 1.0, 'total_steps': 60, 'div_factor': 10.0, 'final_div_factor': 100.0},
    {'max_lr': 1e-3, 'total_steps': 500, 'cycle_momentum': False},
    {'max_lr': 1e-3, 'total_steps': 333, 'base_momentum': 0.8, 'max_momentum': 0.99, 'pct_start': 0.1},
    {'max_lr': 0.02, 'total_steps': 50, 'pct_start': 0.0},
    {'max_lr': 0.02, 'total_steps': 50, 'pct_start': 0.99},
    {'max_lr': 0.02, 'total_steps': 3, 'pct_start': 0.5},
    {'max_lr': 0.02, 'total_steps': 1, 'pct_start': 0.3},
    {'max_lr': 0.02, 'total_steps': 64, 'pct_start': 0.7, 'three_phase': True},
]

CYCLIC = [
    ({'base_lr': 0.001, 'max_lr': 0.006}, 4500),
    ({'base_lr': 0.001, 'max_lr': 0.006, 'step_size_up': 20}, 200),
    ({'base_lr': 0.001, 'max_lr': 0.006, 'step_size_up': 20, 'mode': 'triangular2'}, 200),
    ({'base_lr': 0.001, 'max_lr': 0.006, 'step_size_up': 20, 'mode': 'exp_range', 'gamma': 0.99}, 200),
    ({'base_lr': 1e-4, 'max_lr': 1e-2, 'step_size_up': 13, 'step_size_down': 29}, 300),
    ({'base_lr': 1e-4, 'max_lr': 1e-2, 'step_size_up': 7, 'step_size_down': 3, 'mode': 'triangular2'}, 120),
    ({'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 10, 'step_size_down': 0}, 55),
    ({'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 10, 'cycle_momentum': False}, 60),
    ({'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 6, 'base_momentum': 0.7, 'max_momentum': 0.95}, 60),
    ({'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 15, 'mode': 'exp_range', 'gamma': 0.9995}, 400),
    ({'base_lr': 0.1, 'max_lr': 0.01, 'step_size_up': 5}, 40),
    ({'base_lr': 0.001, 'max_lr': 0.1, 'step_size_up': 8, 'scale_fn': 'half_sine'}, 100),
    ({'base_lr': 0.001, 'max_lr': 0.1, 'step_size_up': 8, 'scale_fn': 'inverse', 'scale_mode': 'iterations'}, 100),
    ({'base_lr': 0.001, 'max_lr': 0.1, 'step_size_up': 2.5, 'step_size_down': 4.5}, 50),
]

FASTAI = [
    {'n_epoch': 1, 'n_iter': 100, 'lr_max': 0.01},
    {'n_epoch': 3, 'n_iter': 200, 'lr_max': 2.3e-3},
    {'n_epoch': 5, 'n_iter': 37, 'lr_max': 0.1, 'pct_start': 0.3},
    {'n_epoch': 2, 'n_iter': 469, 'lr_max': 1e-3, 'div': 10., 'div_final': 1e4, 'moms': (0.9, 0.8, 0.9)},
    {'n_epoch': 4, 'n_iter': 25, 'lr_max': 0.5, 'pct_start': 0.99},
    {'n_epoch': 1, 'n_iter': 50, 'lr_max': 0.5, 'pct_start': 0.0},
]

SLICES = [(1e-5, 1e-3, 3), (1e-5, 1e-3, 1), (None, 1e-3, 4), (2e-4, 3e-3, 5), (1e-6, 1e-2, 7), (3e-4, 3e-4, 2)]


def main():
    cases = {'oneCycle': [], 'cyclic': [], 'fitOneCycle': [], 'slice': []}
    # where the momentum goes (SGD's `momentum` or Adam's `betas[0]`) changes no value: both kinds for the first case
    for n, options in enumerate(ONE_CYCLE):
        for kind in (('momentum', 'betas') if n == 0 else ('momentum',)):
            lrs, moms = run_one_cycle(dict(options), kind)
            cases['oneCycle'].append({'options': options, 'optimizer': kind, 'lrs': lrs, 'momentums': moms})
    for n, (options, steps) in enumerate(CYCLIC):
        opts = dict(options)
        if 'scale_fn' in opts: opts['scale_fn'] = SCALE_FNS[opts['scale_fn']]
        for kind in (('momentum', 'betas') if n == 0 else ('momentum',)):
            lrs, moms = run_cyclic(opts, kind, steps)
            cases['cyclic'].append({'options': options, 'optimizer': kind, 'steps': steps, 'lrs': lrs, 'momentums': moms})
    for options in FASTAI:
        out = fit_one_cycle(**options)
        cases['fitOneCycle'].append({'options': {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
                                     'lrs': out['lr'], 'momentums': out['mom']})
    for lo, hi, n in SLICES:
        cases['slice'].append({'lo': lo, 'hi': hi, 'groups': n, 'lrs': set_hyper_slice(lo, hi, n)})
    header = {
        'generator': 'scripts/reference/schedules.py',
        'pytorch': f'torch/optim/lr_scheduler.py @ {PYTORCH_COMMIT} (transcribed)',
        'fastai': 'fastai/callback/schedule.py, fastai/callback/core.py, fastai/optimizer.py (transcribed)',
        'python': platform.python_version(),
        'numpy': np.__version__,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'header': header, **cases}, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f"wrote {OUT}: " + ', '.join(f"{k} {len(v)}" for k, v in cases.items()))


if __name__ == '__main__':
    main()
