#!/usr/bin/env python3
"""Differential fuzzer: runs generated Ruchy programs in every tier mode and compares with Tier 0.

    python3 differential.py --bin build/bin/ruchy-jit --seeds 0:500 [--jobs 2] [--timeout 10] [--out DIR]
    python3 differential.py --bin build/bin/ruchy-jit --minutes 20 [--seeds 1000:] ...

For each seed, gen_program.py's program is run with `--tier=0` (the reference) and with every mode of
MODES.  A mode differs when its stdout (exact bytes), the first line of its stderr or its exit status is
not the reference's, or when it times out.  Each difference is minimized by delta debugging over the
program's lines and saved in DIR (default test/fuzz/found/) as seed-N-MODE.ruchy (+ .out, + .err when the
reference fails), next to the full program seed-N.orig.ruchy.  Seeds `A:B` run A, A+1, ..., B-1.
"""
import argparse
import concurrent.futures as cf
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import gen_program  # noqa: E402

REF = ('tier0', ['--tier=0'])
MODES = [
    ('tier1', ['--tier=1']),
    ('tier2', ['--tier=2']),
    ('auto', ['--tier=auto']),
    ('sync-eager', ['--tier=auto', '--jit-sync', '--jit-t1-calls=1', '--jit-osr-loops=1', '--jit-osr-alloc-bytes=0']),
    ('sync-100', ['--tier=auto', '--jit-sync', '--jit-t1-calls=100', '--jit-osr-loops=100',
                  '--jit-osr-alloc-bytes=0']),
    ('sync-osr-only', ['--tier=auto', '--jit-sync', '--jit-t1-calls=1000000000', '--jit-osr-loops=1',
                       '--jit-osr-alloc-bytes=0']),
    # One method-cache entry: specializations are evicted (and freed) while
    # callers and frames of them are live.
    ('evict', ['--tier=auto', '--jit-sync', '--jit-t1-calls=3', '--jit-osr-loops=50',
               '--jit-osr-alloc-bytes=0', '--jit-cache-size=1']),
]
MODE_FLAGS = dict(MODES)

MIN_MAX_TESTS = 2000      # program runs (pairs) allowed for one minimization
MIN_MAX_SECONDS = 400     # and wall time


class Res:
    __slots__ = ('out', 'err', 'err1', 'rc', 'timeout', 'secs')

    def __init__(self, out, err, rc, timeout, secs):
        self.out = out
        self.err = err
        self.err1 = err.split(b'\n', 1)[0]
        self.rc = rc
        self.timeout = timeout
        self.secs = secs


def run(binary, flags, path, timeout):
    t0 = time.time()
    try:
        p = subprocess.run([binary, 'run'] + flags + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        return Res(p.stdout, p.stderr, p.returncode, False, time.time() - t0)
    except subprocess.TimeoutExpired as e:
        return Res(e.stdout or b'', e.stderr or b'', None, True, time.time() - t0)


FULL_STDERR = False       # --full-stderr: compare all of stderr (error location and call trace), not its first line


def differences(ref, res):
    """What differs between the reference and a mode: a list of 'stdout', 'stderr', 'exit', 'timeout'."""
    if res.timeout:
        return ['timeout']
    d = []
    if res.out != ref.out:
        d.append('stdout')
    if res.err1 != ref.err1:
        d.append('stderr')
    elif FULL_STDERR and res.err != ref.err:
        d.append('stderr-trace')
    if res.rc != ref.rc:
        d.append('exit')
    return d


def describe(res):
    if res.timeout:
        return 'timeout'
    return 'exit %s, stderr %r' % (res.rc, res.err1.decode('utf-8', 'replace')[:120])


def first_diff_line(a, b):
    la, lb = a.split(b'\n'), b.split(b'\n')
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else b'<none>'
        y = lb[i] if i < len(lb) else b'<none>'
        if x != y:
            return 'line %d: %r vs %r' % (i + 1, x.decode('utf-8', 'replace')[:80], y.decode('utf-8', 'replace')[:80])
    return ''


# ---------------------------------------------------------------------------------------------------- minimizer
class Oracle:
    """Is a candidate program (list of lines) still valid in Tier 0 and still different in the mode?"""

    def __init__(self, binary, mode_flags, tmpdir, timeout):
        self.binary = binary
        self.flags = mode_flags
        self.tmpdir = tmpdir
        self.timeout = timeout
        self.cache = {}
        self.tests = 0
        self.t0 = time.time()

    def exhausted(self):
        return self.tests >= MIN_MAX_TESTS or time.time() - self.t0 > MIN_MAX_SECONDS

    def __call__(self, lines):
        src = '\n'.join(lines) + '\n'
        key = hashlib.sha1(src.encode()).hexdigest()
        if key in self.cache:
            return self.cache[key]
        if self.exhausted():
            return False
        self.tests += 1
        path = os.path.join(self.tmpdir, 'cand.ruchy')
        with open(path, 'w') as f:
            f.write(src)
        ref = run(self.binary, REF[1], path, self.timeout)
        ok = False
        if not ref.timeout and b'Syntax error' not in ref.err:
            res = run(self.binary, self.flags, path, self.timeout)
            ok = bool(differences(ref, res))
        self.cache[key] = ok
        return ok


def block_ranges(lines):
    """(start, end) of every block whose header line ends with '{' and whose closing line is a lone '}'
    at the same indentation (the generator indents consistently)."""
    out = []
    for i, ln in enumerate(lines):
        s = ln.rstrip()
        if not (s.endswith('{') or s.count('{') > s.count('}')):
            continue
        ind = len(ln) - len(ln.lstrip())
        for j in range(i + 1, len(lines)):
            lj = lines[j]
            if not lj.strip():
                continue
            indj = len(lj) - len(lj.lstrip())
            if indj < ind:
                break
            if indj == ind:
                if lj.strip() == '}':
                    # `} else {` ... `}`: the last `}` also closes the if, keep it
                    out.append((i, j - 1 if s.lstrip().startswith('}') else j, s.lstrip().startswith('}')))
                break
    return out


def remove_blocks(lines, test, unwrap=False):
    """Try removing whole blocks (or, with unwrap, only their header and closing line), largest first."""
    changed = True
    while changed:
        changed = False
        rs = block_ranges(lines)
        rs.sort(key=lambda r: r[0] - r[1])
        for (i, j, is_else) in rs:
            if unwrap and is_else:
                continue
            if unwrap:
                cand = lines[:i] + lines[i + 1:j] + lines[j + 1:]
            else:
                cand = lines[:i] + lines[j + 1:]
            if test(cand):
                lines = cand
                changed = True
                break
    return lines


def ddmin(lines, test):
    n = 2
    while len(lines) >= 2:
        chunk = (len(lines) + n - 1) // n
        reduced = False
        for k in range(0, len(lines), chunk):
            cand = lines[:k] + lines[k + chunk:]
            if test(cand):
                lines = cand
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if n >= len(lines) or chunk == 1:
                break
            n = min(len(lines), 2 * n)
    return lines


def minimize(lines, test):
    prev = None
    while prev != lines and not test.exhausted():
        prev = lines
        lines = remove_blocks(lines, test)
        lines = ddmin(lines, test)
        lines = remove_blocks(lines, test, unwrap=True)
    return lines


# ---------------------------------------------------------------------------------------------------- one seed
def repro_cmd(args, seed, flags):
    size = ' --size %d' % args.size if args.size is not None else ''
    return ('python3 %s --seed %d%s > /tmp/fuzz-%d.ruchy && %s run %s /tmp/fuzz-%d.ruchy'
            % (os.path.join(HERE, 'gen_program.py'), seed, size, seed, args.bin, ' '.join(flags), seed))


def do_seed(seed, args):
    global FULL_STDERR
    FULL_STDERR = args.full_stderr
    t0 = time.time()
    src = gen_program.generate(seed, args.size)
    tmp = tempfile.mkdtemp(prefix='ruchy-fuzz-%d-' % seed)
    rep = {'seed': seed, 'diffs': [], 'ref_error': None, 'problem': None, 'lines': []}
    try:
        path = os.path.join(tmp, 'seed-%d.ruchy' % seed)
        with open(path, 'w') as f:
            f.write(src)
        ref = run(args.bin, REF[1], path, args.timeout)
        if ref.timeout:
            rep['problem'] = 'reference timed out after %ss' % args.timeout
            return rep
        err = ref.err.decode('utf-8', 'replace')
        if 'Syntax error' in err or 'Undefined variable' in err or 'Undefined function' in err:
            rep['problem'] = 'reference: ' + ref.err1.decode('utf-8', 'replace')
        if ref.rc != 0:
            rep['ref_error'] = ref.err1.decode('utf-8', 'replace')
        for name, flags in MODES:
            res = run(args.bin, flags, path, args.timeout)
            d = differences(ref, res)
            if not d:
                continue
            again = run(args.bin, flags, path, args.timeout)
            flaky = not differences(ref, again)
            info = {'mode': name, 'flags': flags, 'what': d, 'flaky': flaky,
                    'detail': ('stdout ' + first_diff_line(ref.out, res.out) + '; ' if 'stdout' in d else '')
                    + 'ref: %s; mode: %s' % (describe(ref), describe(res)),
                    'repro': repro_cmd(args, seed, flags)}
            if not args.no_minimize:
                info.update(minimize_diff(args, seed, src, name, flags, ref, res, tmp))
            rep['diffs'].append(info)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        rep['secs'] = time.time() - t0
    return rep


def minimize_diff(args, seed, src, name, flags, ref, res, tmp):
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'seed-%d.orig.ruchy' % seed), 'w') as f:
        f.write(src)
    slowest = max(ref.secs, 0 if res.timeout else res.secs)
    tmo = min(args.timeout, max(2.0, 5 * slowest))
    oracle = Oracle(args.bin, flags, tmp, tmo)
    lines = src.rstrip('\n').split('\n')
    if not oracle(lines):
        # flaky (for example the asynchronous --tier=auto): keep the whole program
        small = lines
        note = ' (not reproduced on re-run: flaky?)'
    else:
        small = minimize(lines, oracle)
        note = ''
    what = ','.join(differences(ref, res))
    body = [ln for ln in small if not ln.startswith('// fuzz program:')]
    header = '// fuzz seed %d: %s differs from %s (%s)%s' % (seed, ' '.join(flags), ' '.join(REF[1]), what, note)
    text = '\n'.join([header] + body) + '\n'
    base = os.path.join(args.out, 'seed-%d-%s' % (seed, name))
    with open(base + '.ruchy', 'w') as f:
        f.write(text)
    r0 = run(args.bin, REF[1], base + '.ruchy', args.timeout)
    r1 = run(args.bin, flags, base + '.ruchy', args.timeout)
    if not differences(r0, r1):
        text = text.replace(header, header + ' [the minimized program did not differ on the final check: flaky]', 1)
        with open(base + '.ruchy', 'w') as f:
            f.write(text)
    with open(base + '.out', 'wb') as f:
        f.write(r0.out)
    if os.path.exists(base + '.err'):
        os.remove(base + '.err')
    if r0.rc == 1:
        with open(base + '.err', 'wb') as f:
            f.write(r0.err1 + b'\n')
    return {'file': base + '.ruchy', 'min_lines': len(body), 'min_tests': oracle.tests,
            'min_still_differs': bool(differences(r0, r1)), 'min_text': text,
            'min_ref': (r0.out.decode('utf-8', 'replace'), describe(r0), r0.err.decode('utf-8', 'replace')),
            'min_mode': (r1.out.decode('utf-8', 'replace'), describe(r1), r1.err.decode('utf-8', 'replace'))}


# ---------------------------------------------------------------------------------------------------- driver
def parse_seeds(s):
    if ':' in s:
        a, b = s.split(':', 1)
        return int(a or 0), (int(b) if b else None)
    return int(s), int(s) + 1


def report(rep, args, log):
    if rep['problem']:
        log('GENERATOR PROBLEM seed %d: %s' % (rep['seed'], rep['problem']))
    for d in rep['diffs']:
        log('DIFF seed %d mode %s [%s]: %s differ%s -- %s' % (
            rep['seed'], d['mode'], ' '.join(d['flags']), ','.join(d['what']),
            ' (FLAKY: a second run agreed with the reference)' if d['flaky'] else '', d['detail']))
        if 'file' in d:
            if 'stderr-trace' in d['what']:
                log('     stderr ref:  %r' % d['min_ref'][2] if 'min_ref' in d else '')
                log('     stderr mode: %r' % d['min_mode'][2] if 'min_mode' in d else '')
            log('     minimized to %d lines in %d runs: %s%s' % (d['min_lines'], d['min_tests'], d['file'],
                                                               '' if d['min_still_differs'] else
                                                               ' (WARNING: minimized program no longer differs)'))
        log('     reproduce: %s' % d['repro'])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', required=True, help='ruchy-jit binary')
    ap.add_argument('--seeds', default=None, help='A:B runs seeds A..B-1 (default 0:100; with --minutes, A: )')
    ap.add_argument('--minutes', type=float, default=None, help='run consecutive seeds until this many minutes')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--timeout', type=float, default=10.0, help='seconds per program run')
    ap.add_argument('--out', default=os.path.join(HERE, 'found'))
    ap.add_argument('--size', type=int, default=None, help='passed to the generator')
    ap.add_argument('--no-minimize', action='store_true')
    ap.add_argument('--full-stderr', action='store_true',
                    help='also compare the rest of stderr (location and call trace lines)')
    ap.add_argument('--quiet', action='store_true', help='no progress line per 50 seeds')
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    a, b = parse_seeds(args.seeds if args.seeds else ('0:' if args.minutes else '0:100'))
    if b is None and args.minutes is None:
        ap.error('--seeds A: needs --minutes')
    deadline = time.time() + args.minutes * 60 if args.minutes else None
    t0 = time.time()

    def log(s):
        print(s, flush=True)

    with open(args.bin, 'rb') as f:
        digest = hashlib.md5(f.read()).hexdigest()
    log('# ruchy-jit differential fuzz: bin %s (md5 %s), seeds from %d%s, jobs %d, timeout %ss'
        % (args.bin, digest, a, (' to %d' % (b - 1)) if b is not None else '', args.jobs, args.timeout))
    nxt = a
    running = {}
    done = []
    with cf.ProcessPoolExecutor(max_workers=args.jobs) as ex:
        def more():
            return (b is None or nxt < b) and (deadline is None or time.time() < deadline)
        while True:
            while more() and len(running) < 2 * args.jobs:
                running[ex.submit(do_seed, nxt, args)] = nxt
                nxt += 1
            if not running:
                break
            fin, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
            for fu in fin:
                running.pop(fu)
                rep = fu.result()
                done.append(rep)
                report(rep, args, log)
                if not args.quiet and len(done) % 50 == 0:
                    log('# %d programs, %d differences so far, %.0fs' % (
                        len(done), sum(len(r['diffs']) for r in done), time.time() - t0))
    done.sort(key=lambda r: r['seed'])
    ndiff = sum(len(r['diffs']) for r in done)
    nerr = sum(1 for r in done if r['ref_error'])
    nprob = sum(1 for r in done if r['problem'])
    seeds = [r['seed'] for r in done]
    log('# seeds %s..%s, %.1f minutes; reference ended in a runtime error in %d programs (%.0f%%); '
        '%d generator problems; differing seeds: %s' % (
            min(seeds) if seeds else '-', max(seeds) if seeds else '-', (time.time() - t0) / 60, nerr,
            100.0 * nerr / max(len(done), 1), nprob,
            ' '.join('%d(%s)' % (r['seed'], ','.join(d['mode'] for d in r['diffs'])) for r in done if r['diffs'])
            or 'none'))
    log('%d programs, %d differences' % (len(done), ndiff))
    return 1 if ndiff else 0


if __name__ == '__main__':
    sys.exit(main())
