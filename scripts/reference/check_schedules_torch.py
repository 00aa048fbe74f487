"""Check the committed schedule references (test/fixtures/reference/schedules.json, written by schedules.py's
transcription of torch/optim/lr_scheduler.py) against the real torch.optim.lr_scheduler, where torch is installed.

    /usr/bin/python3 scripts/reference/check_schedules_torch.py     # Debian: apt-get install python3-torch

For every OneCycleLR and CyclicLR case of the fixture: the same options on a real torch optimizer (SGD with
momentum, or Adam for the `betas` cases), the lr (and momentum / beta1, when cycled) read after construction and
after every `step()`, compared with the fixture to 1e-12 relative. Prints one line per family and exits 1 on a
mismatch. Not part of `npm test` (the package and its tests never need Python).
"""
import json
import math
import os
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'schedules.json')

SCALE_FNS = {
    'half_sine': lambda x: 0.5 * (1 + math.sin(x * math.pi / 2.)),
    'inverse': lambda x: 1 / (1 + 0.01 * x),
}


def optimizer(kind):
    p = [torch.nn.Parameter(torch.zeros(1))]
    if kind == 'betas':
        return torch.optim.Adam(p, lr=0.1)
    return torch.optim.SGD(p, lr=0.1, momentum=0.9)


def momentum_of(group):
    return group['betas'][0] if 'betas' in group else group.get('momentum')


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def check(name, cases, run):
    bad = 0
    skipped = 0
    for case in cases:
        try:
            lrs, moms = run(case)
        except ValueError as error:
            # an option this torch release does not have yet (CyclicLR cycling Adam's beta1 came after 1.13)
            skipped += 1
            print(f'  {name} {case["options"]} ({case["optimizer"]}): not in torch {torch.__version__} ({error})')
            continue
        ok = len(lrs) == len(case['lrs']) and all(close(a, b) for a, b in zip(lrs, case['lrs']))
        if case['momentums'] is not None:
            ok = ok and all(close(a, b) for a, b in zip(moms, case['momentums']))
        if not ok:
            bad += 1
            first = next((i for i, (a, b) in enumerate(zip(lrs, case['lrs'])) if not close(a, b)), None)
            print(f'  {name} {case["options"]} ({case["optimizer"]}): differs first at step {first}')
    print(f'{name}: {len(cases) - bad - skipped} of {len(cases)} cases equal to torch {torch.__version__}'
          f'{f", {skipped} not supported by it" if skipped else ""}')
    return bad


def run_one_cycle(case):
    opt = optimizer(case['optimizer'])
    s = torch.optim.lr_scheduler.OneCycleLR(opt, **case['options'])
    lrs, moms = [opt.param_groups[0]['lr']], [momentum_of(opt.param_groups[0])]
    for _ in range(s.total_steps):
        opt.step()
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
        moms.append(momentum_of(opt.param_groups[0]))
    return lrs, moms


def run_cyclic(case):
    opt = optimizer(case['optimizer'])
    options = dict(case['options'])
    if 'scale_fn' in options:
        options['scale_fn'] = SCALE_FNS[options['scale_fn']]
    s = torch.optim.lr_scheduler.CyclicLR(opt, **options)
    lrs, moms = [opt.param_groups[0]['lr']], [momentum_of(opt.param_groups[0])]
    for _ in range(case['steps'] - 1):
        opt.step()
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
        moms.append(momentum_of(opt.param_groups[0]))
    return lrs, moms


def main():
    import warnings
    warnings.simplefilter('ignore')
    data = json.load(open(FIXTURE))
    bad = check('OneCycleLR', data['oneCycle'], run_one_cycle) + check('CyclicLR', data['cyclic'], run_cyclic)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
