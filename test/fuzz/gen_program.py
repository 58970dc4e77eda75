#!/usr/bin/env python3
"""Random generator of valid, terminating Ruchy programs for differential tier testing.

    python3 gen_program.py --seed N [--size S]

prints one program to stdout.  The same seed (and size) always gives the same bytes: all
randomness comes from one random.Random(seed) instance.

The program is a sequence of independent "features" (see FEATURES below).  Each feature adds
top-level items (functions, structs, globals) and a block of statements to `fun main()`.  The
features are built to stress what a tiered JIT gets wrong: hot loops and hot functions (a few
hundred to a few thousand iterations, so that they tier up with low thresholds), followed by
calls or iterations in which the kinds of values change (Int -> Float, Int -> Str, Int array
that receives a Float, struct field that turns Float, ...), checked Int arithmetic near the
overflow limits, bounded recursion, closures, arrays and nested arrays, strings, structs and
methods, match / if chains / break / continue / early return.

Int values are kept in range by tracking an upper bound of the absolute value of every Int
expression (see Gen.int_expr): unless a feature deliberately plants a hazard, programs do not
overflow, divide by zero or index out of bounds.  About one program in six gets one planted
hazard (an overflow that happens only after many fast iterations, a division by a value that
reaches zero, an index one past the end, a call with a Str where numbers are expected, a match
without a catch-all arm ...), so that about 15% of the programs end in a runtime error.
"""
import argparse
import random
import sys

I64_MAX = 2**63 - 1
LIMIT = 10**12          # bound of every Int intermediate in generated "safe" expressions
BUDGET = 40000          # statement executions allowed below one point of a feature
MODS = [1000003, 999983, 65521, 7919, 100003, 1009, 4093, 30011]
HAZARD_RATE = 0.25      # share of programs that get one planted runtime hazard


class Var:
    __slots__ = ('name', 'kind', 'bound', 'mut', 'ro', 'info')

    def __init__(self, name, kind, bound=0, mut=True, ro=False, info=None):
        self.name = name
        self.kind = kind        # int num float bool str arr_int arr_num arr_float arr_bool arr_str arr_mixed mat clo
        self.bound = bound      # Int kinds: bound of |value|; arrays: bound of |element|
        self.mut = mut
        self.ro = ro            # loop counters and parameters used as loop bounds: never assigned
        self.info = info if info is not None else {}


class Ctx:
    """Lexical environment at the point where code is being generated."""

    def __init__(self, mult=1, ret=None, ret_bound=0):
        self.scopes = [[]]
        self.mult = mult            # how many times (at most) the current point runs
        self.loops = []             # enclosing loops: dicts with 'label', 'kind'
        self.ret = ret              # kind that `return` must give (None: no early return)
        self.ret_bound = ret_bound
        self.depth = 0
        self.iterating = set()      # arrays iterated by an enclosing for-in: no push
        self.print_ok = mult <= 1
        self.exclude = set()        # names that expressions must not read (a value must not grow through itself)

    def push(self):
        self.scopes.append([])
        self.depth += 1

    def pop(self):
        self.scopes.pop()
        self.depth -= 1

    def add(self, v):
        self.scopes[-1].append(v)
        return v

    def all(self):
        seen = {}
        for s in self.scopes:
            for v in s:
                seen[v.name] = v
        return list(seen.values())

    def of(self, *kinds):
        return [v for v in self.all() if v.kind in kinds and v.name not in self.exclude]


class Writer:
    def __init__(self, ind=0):
        self.lines = []
        self.ind = ind

    def line(self, s):
        self.lines.append('    ' * self.ind + s)

    def open(self, s):
        self.line(s)
        self.ind += 1

    def close(self, s='}'):
        self.ind -= 1
        self.line(s)

    def text(self):
        return '\n'.join(self.lines)


def paren(s):
    return '(' + s + ')'


class Gen:
    def __init__(self, seed, size=None):
        self.seed = seed
        self.r = random.Random(seed)
        self.size = size if size is not None else self.r.randint(4, 8)
        self.n = 0
        self.items = []          # top-level texts
        self.globals = []        # top-level let lines
        self.main = Writer(1)
        self.helpers = []        # Int helpers callable from expressions
        self.hazard = None       # name of the planted hazard, if any
        self.features = []

    # ------------------------------------------------------------------ utilities
    def fresh(self, p='v'):
        self.n += 1
        return '%s%d' % (p, self.n)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def wpick(self, pairs):
        tot = sum(w for _, w in pairs)
        x = self.r.random() * tot
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][0]

    def mod(self):
        return self.pick(MODS)

    # ------------------------------------------------------------------ literals
    def int_lit(self, lo=-20, hi=100):
        v = self.r.randint(lo, hi)
        if v >= 0 and self.chance(0.08):
            return hex(v), v
        if v < 0:
            return paren(str(v)), -v
        return str(v), v

    def float_lit(self):
        c = self.r.random()
        if c < 0.55:
            v = self.pick(['0.5', '1.5', '2.25', '0.1', '3.0', '0.75', '1.25', '10.5', '0.2', '7.0'])
        elif c < 0.75:
            v = self.pick(['1e3', '2e-3', '1.5e2', '2.5e-1', '4e0'])
        elif c < 0.9:
            v = '(-' + self.pick(['0.5', '1.5', '2.75', '0.1', '3.0']) + ')'
        else:
            v = self.pick(['1e300', '1e-300', '0.0', '123456789.125', '9.5e15'])
        return v

    STR_LITS = ['"a"', '"xy"', '"hello"', '""', '"é"', '"Z9"', '" sp "', '"a,b"', '"tab\\t"', '"q\\"q"',
                '"ünï"', '"abc"', '"0"']

    def str_lit(self):
        return self.pick(self.STR_LITS)

    # ------------------------------------------------------------------ Int expressions
    def divisor(self, ctx, d):
        """An Int expression that is never zero, with its bound."""
        c = self.r.random()
        if c < 0.45:
            v = self.r.randint(1, 13) * self.pick([1, 1, 1, -1])
            return (paren(str(v)) if v < 0 else str(v)), abs(v)
        e, b = self.int_expr(ctx, d - 1, 10**6)
        if c < 0.75:
            return paren(e + ' | 1'), 2 * b + 2
        k = self.r.randint(2, 9)
        return paren('%s %% %d + %d' % (e, k, k + 1)), 2 * k + 1

    def int_leaf(self, ctx, limit):
        r = self.r
        vs = [v for v in ctx.of('int') if v.bound <= limit]
        c = r.random()
        if vs and c < 0.55:
            v = self.pick(vs)
            return v.name, v.bound
        if c < 0.6:
            os_ = [v for v in ctx.of('opt') if v.bound <= limit]
            if os_:
                v = self.pick(os_)
                if r.random() < 0.5:
                    return paren('%s || %d' % (v.name, r.randint(0, 9))), max(v.bound, 9)
                return paren('if %s == nil { %d } else { %s }' % (v.name, r.randint(-5, 5), v.name)), max(v.bound, 5)
        if c < 0.65:
            arrs = [v for v in ctx.of('arr_int') if v.bound <= limit]
            if arrs:
                a = self.pick(arrs)
                return a.name + '.len()', 10**5
        if c < 0.7:
            ss = ctx.of('str')
            if ss and limit >= 10**5:
                return self.pick(ss).name + '.len()', 10**5
        hi = min(limit, 100)
        return self.int_lit(-min(20, hi), hi)

    def bounded_arith(self, gen, ctx, op, d, limit):
        """`a op b` for + - * on two operands from gen, each within a bound
        chosen so that the result stays within limit (no overflow unless a
        hazard plants one)."""
        if op in '+-':
            a, ba = gen(ctx, d - 1, limit // 2)
            b, bb = gen(ctx, d - 1, limit // 2)
            return paren('%s %s %s' % (a, op, b)), ba + bb
        s = int(limit ** 0.5)
        a, ba = gen(ctx, d - 1, s)
        b, bb = gen(ctx, d - 1, s)
        if ba * bb <= limit:
            return paren('%s * %s' % (a, b)), ba * bb
        return a, ba

    def int_expr(self, ctx, d, limit=LIMIT):
        """Random Int expression; returns (text, bound of |value|) with bound <= limit."""
        r = self.r
        limit = max(limit, 1)
        if d <= 0 or r.random() < 0.25:
            return self.int_leaf(ctx, limit)
        op = self.wpick([('+', 4), ('-', 3), ('*', 3), ('/', 2), ('%', 2), ('bit', 2), ('shl', 1), ('shr', 1),
                         ('if', 1), ('match', 1), ('call', 2), ('idx', 2), ('neg', 1), ('abs', 1), ('minmax', 1),
                         ('pow', 1), ('fcast', 1), ('num', 1), ('clo', 1), ('mat', 1), ('len', 1)])
        if op in '+-*':
            return self.bounded_arith(self.int_expr, ctx, op, d, limit)
        if op == '/':
            a, ba = self.int_expr(ctx, d - 1, limit)
            dv, _ = self.divisor(ctx, d)
            return paren('%s / %s' % (a, dv)), ba
        if op == '%':
            a, ba = self.int_expr(ctx, d - 1, limit)
            dv, bd = self.divisor(ctx, d)
            return paren('%s %% %s' % (a, dv)), min(ba, bd)
        if op == 'bit':
            a, ba = self.int_expr(ctx, d - 1, limit // 4)
            b, bb = self.int_expr(ctx, d - 1, limit // 4)
            return paren('%s %s %s' % (a, self.pick(['&', '|', '^']), b)), 2 * max(ba, bb) + 2
        if op == 'shl':
            k = r.randint(0, 12)
            if r.random() < 0.3:
                k += 64                       # shift counts are taken mod 64
            a, ba = self.int_expr(ctx, d - 1, max(1, limit >> (k % 64)))
            if ba << (k % 64) > limit:
                return a, ba
            return paren('%s << %d' % (a, k)), ba << (k % 64)
        if op == 'shr':
            a, ba = self.int_expr(ctx, d - 1, limit)
            if r.random() < 0.5:
                return paren('%s >> %d' % (a, r.randint(0, 70))), ba
            b, _ = self.int_expr(ctx, d - 1, 1000)
            return paren('%s >> (%s & 63)' % (a, b)), ba
        if op == 'if':
            c = self.bool_expr(ctx, d - 1)
            a, ba = self.int_expr(ctx, d - 1, limit)
            b, bb = self.int_expr(ctx, d - 1, limit)
            return paren('if %s { %s } else { %s }' % (c, a, b)), max(ba, bb)
        if op == 'match':
            s, _ = self.int_expr(ctx, d - 1, 10**6)
            k = r.randint(3, 6)
            arms = []
            bnd = 0
            pats = ['0', '1 | 2', '3..=4', 'n if n < 0']
            for p in pats[:r.randint(1, 4)]:
                e, b = self.int_expr(ctx, d - 1, limit)
                arms.append('%s => %s' % (p, e))
                bnd = max(bnd, b)
            e, b = self.int_expr(ctx, d - 1, limit)
            arms.append('_ => %s' % e)
            return paren('match %s %% %d { %s }' % (s, k, ', '.join(arms))), max(bnd, b)
        if op == 'call':
            hs = [h for h in self.helpers if h['bound'] <= limit and h['cost'] * ctx.mult <= BUDGET * 2]
            if hs:
                h = self.pick(hs)
                args = [self.int_expr(ctx, d - 1, 10**4)[0] for _ in h['params']]
                return '%s(%s)' % (h['name'], ', '.join(args)), h['bound']
            return self.int_leaf(ctx, limit)
        if op == 'idx':
            arrs = [v for v in ctx.of('arr_int') if v.bound <= limit]
            if arrs:
                a = self.pick(arrs)
                i, _ = self.int_expr(ctx, d - 1, 10**6)
                return '%s[%s %% %s.len()]' % (a.name, i, a.name), a.bound
            return self.int_leaf(ctx, limit)
        if op == 'mat':
            ms = [v for v in ctx.of('mat') if v.bound <= limit]
            if ms:
                m = self.pick(ms)
                i, _ = self.int_expr(ctx, d - 1, 10**6)
                j, _ = self.int_expr(ctx, d - 1, 10**6)
                return '%s[%s %% %d][%s %% %d]' % (m.name, i, m.info['rows'], j, m.info['cols']), m.bound
            return self.int_leaf(ctx, limit)
        if op == 'neg':
            a, ba = self.int_expr(ctx, d - 1, limit)
            return paren('-' + a), ba
        if op == 'abs':
            a, ba = self.int_expr(ctx, d - 1, limit)
            return (self.pick(['%s.abs()', 'abs(%s)']) % a), ba
        if op == 'minmax':
            a, ba = self.int_expr(ctx, d - 1, limit)
            b, bb = self.int_expr(ctx, d - 1, limit)
            f = self.pick(['min(%s, %s)', 'max(%s, %s)', '%s.min(%s)', '%s.max(%s)'])
            return f % (a, b), max(ba, bb)
        if op == 'pow':
            e = r.randint(0, 3)
            s = int(limit ** (1.0 / max(e, 1)))
            a, ba = self.int_expr(ctx, d - 1, min(s, 10**4))
            if ba ** e > limit:
                return a, ba
            f = self.pick(['%s.pow(%d)', 'pow(%s, %d)', '(%s ** %d)'])
            return f % (a, e), max(ba ** e, 1)
        if op == 'fcast':
            f = self.float_expr(ctx, d - 1)
            k = min(limit, self.pick([1000, 97, 65536, 10**6]))
            return paren('(%s as i64) %% %d' % (f, k)), k
        if op == 'num':
            ns = ctx.of('num')
            if ns:
                k = min(limit, self.pick([1000, 97, 10**6]))
                return paren('(%s as i64) %% %d' % (self.pick(ns).name, k)), k
            return self.int_leaf(ctx, limit)
        if op == 'clo':
            cs = [v for v in ctx.of('clo') if v.bound <= limit]
            if cs and ctx.mult <= BUDGET:
                c = self.pick(cs)
                args = [self.int_expr(ctx, d - 1, 10**4)[0] for _ in range(c.info['arity'])]
                return '%s(%s)' % (c.name, ', '.join(args)), c.bound
            return self.int_leaf(ctx, limit)
        if op == 'len':
            ss = ctx.of('str', 'arr_str', 'arr_float', 'arr_bool', 'arr_mixed', 'arr_num')
            if ss and limit >= 10**5:
                return self.pick(ss).name + '.len()', 10**5
            return self.int_leaf(ctx, limit)
        return self.int_leaf(ctx, limit)

    # ------------------------------------------------------------------ Num (Int now, maybe Float later)
    def num_expr(self, ctx, d, limit=10**9):
        """Expression valid whether the 'num' variables hold Int or Float: + - * / % with
        nonzero literal divisors, comparisons, casts.  Bound holds for the Int case."""
        r = self.r
        ns = ctx.of('num')
        if d <= 0 or r.random() < 0.25:
            if ns and r.random() < 0.7:
                v = self.pick(ns)
                if v.bound <= limit:
                    return v.name, v.bound
            return self.int_expr(ctx, 0, min(limit, 100))
        op = self.wpick([('+', 4), ('-', 3), ('*', 3), ('/', 1), ('%', 2), ('if', 1), ('int', 2), ('abs', 1),
                         ('mm', 1), ('cast', 1)])
        if op in '+-*':
            return self.bounded_arith(self.num_expr, ctx, op, d, limit)
        if op in '/%':
            a, ba = self.num_expr(ctx, d - 1, limit)
            k = r.randint(1, 17) * self.pick([1, 1, -1])
            return paren('%s %s %s' % (a, op, paren(str(k)) if k < 0 else k)), ba
        if op == 'if':
            c = self.num_cond(ctx, d - 1)
            a, ba = self.num_expr(ctx, d - 1, limit)
            b, bb = self.num_expr(ctx, d - 1, limit)
            return paren('if %s { %s } else { %s }' % (c, a, b)), max(ba, bb)
        if op == 'int':
            return self.int_expr(ctx, d - 1, limit)
        if op == 'abs':
            a, ba = self.num_expr(ctx, d - 1, limit)
            return 'abs(%s)' % a, ba
        if op == 'mm':
            a, ba = self.num_expr(ctx, d - 1, limit)
            b, bb = self.num_expr(ctx, d - 1, limit)
            return '%s(%s, %s)' % (self.pick(['min', 'max']), a, b), max(ba, bb)
        a, ba = self.num_expr(ctx, d - 1, limit)
        return paren('%s as i64' % a), ba

    def num_cond(self, ctx, d):
        a, _ = self.num_expr(ctx, d, 10**6)
        b, _ = self.num_expr(ctx, d, 10**6)
        return paren('%s %s %s' % (a, self.pick(['<', '<=', '>', '>=', '==', '!=']), b))

    # ------------------------------------------------------------------ Float / Bool / Str
    def float_expr(self, ctx, d):
        r = self.r
        if d <= 0 or r.random() < 0.25:
            fs = ctx.of('float')
            c = r.random()
            if fs and c < 0.5:
                return self.pick(fs).name
            if c < 0.7:
                i, _ = self.int_expr(ctx, 0, 10**6)
                return paren('%s as f64' % i)
            if c < 0.75:
                arrs = ctx.of('arr_float')
                if arrs:
                    a = self.pick(arrs)
                    i, _ = self.int_expr(ctx, 0, 10**6)
                    return '%s[%s %% %s.len()]' % (a.name, i, a.name)
            return self.float_lit()
        op = self.wpick([('+', 4), ('-', 3), ('*', 3), ('/', 2), ('%', 1), ('mixi', 3), ('num', 1), ('m', 2),
                         ('if', 1), ('pow', 1), ('trans', 1), ('f', 1)])
        if op in '+-*':
            return paren('%s %s %s' % (self.float_expr(ctx, d - 1), op, self.float_expr(ctx, d - 1)))
        if op == '/':
            return paren('%s / %s' % (self.float_expr(ctx, d - 1), self.float_expr(ctx, d - 1)))
        if op == '%':
            return paren('%s %% %s' % (self.float_expr(ctx, d - 1), self.pick(['7.5', '2.0', '0.3', '(-4.5)'])))
        if op == 'mixi':           # Int op Float gives Float
            i, _ = self.int_expr(ctx, d - 1, 10**6)
            f = self.float_expr(ctx, d - 1)
            o = self.pick(['+', '-', '*'])
            return paren('%s %s %s' % (i, o, f) if r.random() < 0.5 else '%s %s %s' % (f, o, i))
        if op == 'num':
            ns = ctx.of('num')
            if ns:
                return paren('%s * %s' % (self.pick(ns).name, self.float_lit()))
            return self.float_lit()
        if op == 'm':
            f = self.float_expr(ctx, d - 1)
            return self.pick(['sqrt(abs(%s))', '%s.abs()', '%s.floor()', '%s.ceil()', '%s.round()', 'abs(%s)',
                              'floor(%s)', '%s.sqrt()']) % f
        if op == 'if':
            return paren('if %s { %s } else { %s }' % (self.bool_expr(ctx, d - 1), self.float_expr(ctx, d - 1),
                                                      self.float_expr(ctx, d - 1)))
        if op == 'pow':
            return '%s.powi(%d)' % (self.float_expr(ctx, d - 1), r.randint(0, 3))
        if op == 'trans':
            return '%s(%s)' % (self.pick(['sin', 'cos', 'exp']), self.pick(['0.5', '1.0', '(-2.0)', '3.25']))
        return 'float(%s)' % self.int_expr(ctx, d - 1, 10**6)[0]

    def bool_expr(self, ctx, d):
        r = self.r
        if d <= 0 or r.random() < 0.2:
            bs = ctx.of('bool')
            if bs and r.random() < 0.6:
                return self.pick(bs).name
            i, _ = self.int_expr(ctx, 0, 10**6)
            return paren('%s %% %d == %d' % (i, r.randint(2, 5), r.randint(0, 1)))
        op = self.wpick([('cmp', 5), ('fcmp', 2), ('mcmp', 1), ('and', 2), ('or', 2), ('not', 1), ('eqk', 1),
                         ('str', 1), ('cont', 1), ('num', 1), ('nil', 2)])
        ops = ['<', '<=', '>', '>=', '==', '!=']
        if op == 'nil':
            vs = ctx.of('opt', 'any')
            if vs:
                v = self.pick(vs)
                c = r.random()
                if c < 0.4:
                    return paren('%s %s nil' % (v.name, self.pick(['==', '!='])))
                if c < 0.7:
                    return paren('%s %s %s' % (v.name, self.pick(['==', '!=']), self.int_expr(ctx, d - 1, 100)[0]))
                if c < 0.85:
                    return '!' + v.name
                return paren('type_of(%s) == "integer"' % v.name)
            op = 'cmp'
        if op == 'cmp':
            a, _ = self.int_expr(ctx, d - 1, 10**9)
            b, _ = self.int_expr(ctx, d - 1, 10**9)
            return paren('%s %s %s' % (a, self.pick(ops), b))
        if op == 'fcmp':
            return paren('%s %s %s' % (self.float_expr(ctx, d - 1), self.pick(ops), self.float_expr(ctx, d - 1)))
        if op == 'mcmp':        # Int and Float compare numerically
            return paren('%s %s %s' % (self.int_expr(ctx, d - 1, 10**6)[0], self.pick(ops),
                                       self.float_expr(ctx, d - 1)))
        if op == 'and':
            return paren('%s && %s' % (self.bool_expr(ctx, d - 1), self.bool_expr(ctx, d - 1)))
        if op == 'or':
            return paren('%s || %s' % (self.bool_expr(ctx, d - 1), self.bool_expr(ctx, d - 1)))
        if op == 'not':
            return '!' + self.bool_expr(ctx, d - 1)
        if op == 'eqk':        # == across kinds is false, never an error
            return paren('%s %s %s' % (self.int_expr(ctx, d - 1, 100)[0], self.pick(['==', '!=']),
                                       self.str_expr(ctx, 0)))
        if op == 'str':
            s = self.str_expr(ctx, d - 1)
            return self.pick(['%s.contains("a")', '%s.starts_with("x")', '%s.is_empty()', '%s.ends_with("y")']) % s
        if op == 'cont':
            arrs = ctx.of('arr_int')
            if arrs:
                return '%s.contains(%s)' % (self.pick(arrs).name, self.int_expr(ctx, d - 1, 1000)[0])
            return self.pick(['true', 'false'])
        if ctx.of('num'):
            return self.num_cond(ctx, d - 1)
        return self.pick(['true', 'false'])

    def str_expr(self, ctx, d):
        r = self.r
        if d <= 0 or r.random() < 0.3:
            ss = ctx.of('str')
            if ss and r.random() < 0.5:
                return self.pick(ss).name
            return self.str_lit()
        op = self.wpick([('cat', 3), ('cati', 3), ('fs', 3), ('ts', 2), ('m', 2), ('arr', 1), ('ch', 1)])
        if op == 'cat':
            return paren('%s + %s' % (self.str_expr(ctx, d - 1), self.str_expr(ctx, d - 1)))
        if op == 'cati':             # Str + Int/Float/Bool in either order
            x = self.pick([lambda: self.int_expr(ctx, d - 1, 10**9)[0], lambda: self.float_expr(ctx, d - 1),
                           lambda: self.bool_expr(ctx, d - 1)])()
            s = self.str_expr(ctx, d - 1)
            return paren('%s + %s' % (s, x) if r.random() < 0.6 else '%s + %s' % (x, s))
        if op == 'fs':
            return self.fstring(ctx)
        if op == 'ts':
            x = self.pick([lambda: self.int_expr(ctx, d - 1, 10**9)[0], lambda: self.float_expr(ctx, d - 1),
                           lambda: self.pick(ctx.of('opt', 'any') or [Var('nil', 'any')]).name])()
            return self.pick(['%s.to_string()', 'str(%s)']) % x
        if op == 'm':
            s = self.str_expr(ctx, d - 1)
            return self.pick(['%s.to_uppercase()', '%s.to_lowercase()', '%s.trim()', '%s.replace("a", "b")']) % s
        if op == 'arr':
            arrs = ctx.of('arr_str')
            if arrs:
                a = self.pick(arrs)
                i, _ = self.int_expr(ctx, d - 1, 10**6)
                return '%s[%s %% %s.len()]' % (a.name, i, a.name)
            return self.str_lit()
        return self.pick(['"abc"[1]', '"héllo"[0..2]', '"xyz"[%d]' % r.randint(-3, 2)])

    def fstring(self, ctx):
        parts = []
        for _ in range(self.r.randint(1, 3)):
            vs = ctx.of('int', 'float', 'num', 'bool', 'str', 'opt', 'any')
            lit = self.pick(['', 'x=', ' ', ':', '-', '{{', '}}', 'é'])
            if vs:
                v = self.pick(vs)
                if v.kind in ('float', 'num', 'int') and self.chance(0.25) and 'self.' not in v.name:
                    parts.append('%s{%s:.%d}' % (lit, v.name, self.r.randint(0, 3)))
                else:
                    parts.append('%s{%s}' % (lit, v.name))
            else:
                parts.append(lit + 'k')
        return 'f"' + ''.join(parts) + '"'

    def any_expr(self, ctx, d, kind, limit=LIMIT):
        if kind == 'int':
            return self.int_expr(ctx, d, limit)[0]
        if kind == 'num':
            return self.num_expr(ctx, d, limit)[0]
        if kind == 'float':
            return self.float_expr(ctx, d)
        if kind == 'bool':
            return self.bool_expr(ctx, d)
        if kind == 'opt':
            if self.chance(0.4):
                return 'nil'
            e, b = self.int_expr(ctx, d, limit)
            return paren('if %s { nil } else { %s }' % (self.bool_expr(ctx, 1), e)) if self.chance(0.5) else e
        if kind == 'any':
            k = self.pick(['int', 'float', 'str', 'bool', 'nil', 'arr', 'opt'])
            if k == 'nil':
                return 'nil'
            if k == 'arr':
                return '[%s, %s]' % (self.int_expr(ctx, 1, 100)[0], self.str_lit())
            return self.any_expr(ctx, d, k, min(limit, 10**6))
        return self.str_expr(ctx, d)

    # ------------------------------------------------------------------ statements
    def stmts(self, ctx, w, n):
        for _ in range(n):
            self.stmt(ctx, w)

    def stmt(self, ctx, w):
        opts = [('let', 3), ('assign', 5), ('arr', 2)]
        if ctx.depth < 4:
            opts += [('if', 2), ('match', 1)]
        if ctx.depth < 3 and ctx.mult * 3 <= BUDGET:
            opts.append(('loop', 2))
        if ctx.loops:
            opts.append(('brk', 2))
        if ctx.ret and ctx.loops:
            opts.append(('ret', 1))
        if ctx.print_ok:
            opts.append(('print', 2))
        k = self.wpick(opts)
        getattr(self, 'st_' + k)(ctx, w)

    def st_let(self, ctx, w):
        kind = self.wpick([('int', 5), ('float', 2), ('bool', 1), ('str', 1), ('num', 1 if ctx.of('num') else 0),
                           ('arr_int', 1), ('opt', 1), ('any', 1)])
        name = self.fresh('v')
        if kind == 'int':
            m = self.mod()
            e, b = self.int_expr(ctx, 3)
            if b > m:
                e, b = paren(e) + ' %% %d' % m, m
            w.line('let mut %s = %s' % (name, e))
            ctx.add(Var(name, 'int', m))
        elif kind == 'num':
            m = self.mod()
            e, b = self.num_expr(ctx, 2, m)
            w.line('let mut %s = %s' % (name, e))
            ctx.add(Var(name, 'num', m))
        elif kind == 'opt':
            m = self.mod()
            w.line('let mut %s = %s' % (name, self.any_expr(ctx, 2, 'opt', m)))
            ctx.add(Var(name, 'opt', m))
        elif kind == 'arr_int':
            els = [str(self.r.randint(0, 99)) for _ in range(self.r.randint(1, 6))]
            w.line('let %s = [%s]' % (name, ', '.join(els)))
            ctx.add(Var(name, 'arr_int', 2 * 10**6, info={'len': len(els)}))
        else:
            w.line('let mut %s = %s' % (name, self.any_expr(ctx, 2, kind)))
            ctx.add(Var(name, kind))

    def st_assign(self, ctx, w):
        vs = [v for v in ctx.of('int', 'num', 'float', 'bool', 'str', 'opt', 'any') if v.mut and not v.ro]
        if not vs:
            return self.st_let(ctx, w)
        v = self.pick(vs)
        r = self.r
        if v.kind == 'opt':
            w.line('%s = %s' % (v.name, self.any_expr(ctx, 2, 'opt', v.bound)))
        elif v.kind == 'any':
            ctx.exclude.add(v.name)
            w.line('%s = %s' % (v.name, self.any_expr(ctx, 2, 'any')))
            ctx.exclude.discard(v.name)
        elif v.kind == 'int':
            m = v.bound
            c = r.random()
            if c < 0.3:
                e, b = self.int_expr(ctx, 3)
                w.line('%s = %s' % (v.name, e if b <= m else paren(e) + ' %% %d' % m))
            elif c < 0.55:
                e, _ = self.int_expr(ctx, 3, LIMIT // 2)
                w.line('%s %s= %s; %s %%= %d' % (v.name, self.pick('+-'), e, v.name, m))
            elif c < 0.7:
                e, _ = self.int_expr(ctx, 2, max(1, LIMIT // m))
                w.line('%s *= %s; %s %%= %d' % (v.name, e, v.name, m))
            elif c < 0.8:
                dv, _ = self.divisor(ctx, 2)
                w.line('%s %s= %s' % (v.name, self.pick('/%'), dv))
            else:
                e, _ = self.int_expr(ctx, 3, LIMIT // 4)
                w.line('%s = (%s %s %s) %% %d' % (v.name, v.name, self.pick(['+', '-', '^', '|']), e, m))
        elif v.kind == 'num':
            m = v.bound
            c = r.random()
            if c < 0.6:
                e, _ = self.num_expr(ctx, 2, 10**9)
                w.line('%s = (%s %s %s) %% %d' % (v.name, v.name, self.pick('+-'), e, m))
            elif c < 0.8:
                # the kind change: the variable turns Float (or back to Int) at some iteration
                i = self.pick(ctx.of('int') or [Var('0', 'int')])
                w.line('if %s %% %d == %d { %s = %s + %s }' % (i.name, r.randint(2, 50), r.randint(0, 1), v.name,
                                                               v.name, self.pick(['0.5', '0.25', '1.5', '(-0.125)'])))
            else:
                w.line('%s = (%s as i64) %% %d' % (v.name, v.name, m))
        elif v.kind == 'float':
            w.line('%s %s %s' % (v.name, self.pick(['=', '+=', '-=', '*=', '/=']), self.float_expr(ctx, 2)))
            if self.chance(0.3):
                w.line('if %s.abs() > 1e12 { %s = 1.0 / 3.0 }' % (v.name, v.name))
        elif v.kind == 'bool':
            w.line('%s = %s' % (v.name, self.pick([self.bool_expr(ctx, 2), '!' + v.name])))
        else:
            w.line('%s = %s + %s' % (v.name, v.name, self.str_expr(ctx, 2)))
            w.line('if %s.len() > 40 { %s = %s[0..%d] }' % (v.name, v.name, v.name, self.r.randint(0, 9)))

    def st_if(self, ctx, w):
        w.open('if %s {' % self.bool_expr(ctx, 2))
        self.block(ctx, w, self.r.randint(1, 3))
        for _ in range(self.r.randint(0, 2)):
            w.close('} else if %s {' % self.bool_expr(ctx, 2))
            w.ind += 1
            self.block(ctx, w, self.r.randint(1, 2))
        if self.chance(0.5):
            w.close('} else {')
            w.ind += 1
            self.block(ctx, w, self.r.randint(1, 2))
        w.close()

    def block(self, ctx, w, n):
        ctx.push()
        self.stmts(ctx, w, n)
        ctx.pop()

    def st_match(self, ctx, w):
        s, _ = self.int_expr(ctx, 2, 10**6)
        k = self.r.randint(3, 8)
        w.open('match %s %% %d {' % (s, k))
        pats = self.r.sample(['0', '1 | 2', '3..=4', '5', 'n if n < 0', 'n if n > 6'], self.r.randint(1, 3))
        for p in pats + ['_']:
            if self.chance(0.5):
                ctx.push()
                w.line('%s => { %s }' % (p, self.one_line_stmt(ctx)))
                ctx.pop()
            else:
                w.open('%s => {' % p)
                self.block(ctx, w, self.r.randint(1, 2))
                w.close('}')
        w.close()

    def one_line_stmt(self, ctx):
        vs = [v for v in ctx.of('int') if v.mut and not v.ro]
        if vs:
            v = self.pick(vs)
            e, _ = self.int_expr(ctx, 2, 10**9)
            return '%s = (%s + %s) %% %d' % (v.name, v.name, e, v.bound)
        fs = [v for v in ctx.of('float') if v.mut]
        if fs:
            v = self.pick(fs)
            return '%s += %s' % (v.name, self.float_expr(ctx, 1))
        return ''

    def loop_count(self, ctx, lo=2, hi=30):
        hi = max(lo, min(hi, BUDGET // max(ctx.mult, 1)))
        return self.r.randint(lo, hi)

    def st_loop(self, ctx, w):
        r = self.r
        kind = self.wpick([('for', 4), ('while', 3), ('forin', 2), ('loop', 1)])
        label = None
        if ctx.depth >= 1 and self.chance(0.15):
            label = "'" + self.fresh('l')
        pre = (label + ': ') if label else ''
        n = self.loop_count(ctx)
        old = ctx.mult
        arr = None
        ctx.push()
        if kind == 'for':
            i = self.fresh('i')
            lo = r.randint(-3, 3) if self.chance(0.3) else 0
            incl = self.chance(0.25)
            w.open('%sfor %s in %s..%s%d {' % (pre, i, lo if lo >= 0 else paren(str(lo)), '=' if incl else '',
                                              lo + n - (1 if incl else 0)))
            ctx.add(Var(i, 'int', abs(lo) + n + 1, ro=True))
        elif kind == 'while':
            i = self.fresh('w')
            w.line('let mut %s = 0' % i)
            w.open('%swhile %s < %d { %s += 1' % (pre, i, n, i))
            ctx.add(Var(i, 'int', n + 1, ro=True))
        elif kind == 'forin':
            arrs = ctx.of('arr_int', 'arr_float', 'arr_bool', 'arr_str', 'arr_num')
            arrs = [a for a in arrs if a.info.get('len', 10**6) * ctx.mult <= BUDGET]
            if not arrs:
                i = self.fresh('i')
                w.open('%sfor %s in 0..%d {' % (pre, i, n))
                ctx.add(Var(i, 'int', n + 1, ro=True))
            else:
                arr = self.pick(arrs)
                n = max(arr.info.get('len', 1), 1)
                v = self.fresh('e')
                ek = arr.kind[4:]
                ekind = {'int': 'int', 'float': 'float', 'bool': 'bool', 'str': 'str', 'num': 'num'}[ek]
                if self.chance(0.4):
                    i = self.fresh('i')
                    w.open('%sfor (%s, %s) in %s.enumerate() {' % (pre, i, v, arr.name))
                    ctx.add(Var(i, 'int', n + 1, ro=True))
                else:
                    w.open('%sfor %s in %s {' % (pre, v, arr.name))
                ctx.add(Var(v, ekind, arr.bound, ro=True))
                ctx.iterating.add(arr.name)
        else:
            i = self.fresh('c')
            w.line('let mut %s = 0' % i)
            w.open('%sloop {' % pre)
            w.line('%s += 1' % i)
            w.line('if %s > %d { break }' % (i, n))
            ctx.add(Var(i, 'int', n + 2, ro=True))
        ctx.mult = old * (n + 1)
        ctx.loops.append({'label': label, 'kind': kind})
        ctx.print_ok = False
        self.stmts(ctx, w, r.randint(1, 4))
        ctx.loops.pop()
        ctx.mult = old
        ctx.print_ok = old <= 1
        if arr is not None:
            ctx.iterating.discard(arr.name)
        ctx.pop()
        w.close()

    def st_brk(self, ctx, w):
        lp = ctx.loops[-1]
        what = self.pick(['break', 'continue'])
        labels = [l['label'] for l in ctx.loops if l['label']]
        if labels and self.chance(0.5):
            what += ' ' + self.pick(labels)
        w.line('if %s { %s }' % (self.bool_expr(ctx, 2), what))

    def st_ret(self, ctx, w):
        if ctx.ret == 'int':
            e, b = self.int_expr(ctx, 2, ctx.ret_bound)
        else:
            e, b = self.num_expr(ctx, 2, ctx.ret_bound)
        w.line('if %s { return %s }' % (self.bool_expr(ctx, 2), e))

    def st_arr(self, ctx, w):
        arrs = [a for a in ctx.of('arr_int', 'arr_float', 'arr_bool', 'arr_str', 'arr_num') if a.mut]
        if not arrs:
            return self.st_let(ctx, w)
        a = self.pick(arrs)
        idx = '%s %% %s.len()' % (self.int_expr(ctx, 2, 10**6)[0], a.name)
        ek = a.kind[4:]
        c = self.r.random()
        if c < 0.25 and a.name not in ctx.iterating and a.info.get('len', 10**6) + ctx.mult <= 3000:
            a.info['len'] = a.info.get('len', 0) + ctx.mult
            w.line('%s.push(%s)' % (a.name, self.elem_expr(ctx, ek, a)))
        elif c < 0.6 or ek in ('bool', 'str'):
            w.line('%s[%s] = %s' % (a.name, idx, self.elem_expr(ctx, ek, a)))
        elif ek in ('int', 'num'):
            e, _ = self.int_expr(ctx, 1, 10)
            w.line('%s[%s] %s= %s' % (a.name, idx, self.pick('+-'), e))
        else:
            w.line('%s[%s] %s= %s' % (a.name, idx, self.pick('+-*'), self.float_expr(ctx, 1)))

    def elem_expr(self, ctx, ek, a):
        if ek == 'int':
            e, b = self.int_expr(ctx, 2, 10**6)
            return e if b <= 10**6 else paren(e) + ' % 1000'
        if ek == 'num':
            if self.chance(0.2):
                return self.float_expr(ctx, 1)
            return self.int_expr(ctx, 2, 10**6)[0]
        return self.any_expr(ctx, 2, ek)

    def st_print(self, ctx, w):
        vs = ctx.of('int', 'float', 'num', 'bool', 'str', 'arr_int', 'arr_float', 'arr_bool', 'arr_str', 'arr_num',
                    'opt', 'any')
        vs = [v for v in vs if v.info.get('len', 0) <= 60]
        if not vs:
            w.line('println("-")')
            return
        xs = [self.pick(vs).name for _ in range(self.r.randint(1, 3))]
        c = self.r.random()
        if c < 0.3:
            w.line('println(%s)' % ', '.join(xs))
        elif c < 0.6:
            w.line('println("%s", %s)' % (' '.join('{}' for _ in xs), ', '.join(xs)))
        elif c < 0.9:
            w.line('println(f"%s")' % ' '.join('{%s}' % x for x in xs))
        else:
            w.line('print(%s)' % xs[0])
            w.line('println()')

    # ------------------------------------------------------------------ printing in hot loops
    def gated_print(self, w, counter, n, xs):
        p = max(1, n // self.r.randint(3, 6))
        w.line('if %s %% %d == 0 { println(%s) }' % (counter, p, self.print_args(xs)))

    def print_args(self, xs):
        c = self.r.random()
        if c < 0.4:
            return ', '.join(xs)
        if c < 0.7:
            return '"%s", %s' % (' '.join('{}' for _ in xs), ', '.join(xs))
        return 'f"%s"' % ' '.join('{%s}' % x for x in xs)

    def hot_count(self, lo=300, hi=2500):
        return self.r.randint(lo, hi)

    def take_hazard(self, name):
        """Whether this feature should plant its hazard (at most one per program)."""
        if self.hazard is None and self.want_hazard and self.chance(0.5):
            self.hazard = name
            return True
        return False

    # ================================================================== features
    def feat_numeric_fn(self):
        """A helper with typed and untyped params, hot with Ints, then called with Floats."""
        r = self.r
        f = self.fresh('f')
        H = self.hot_count()
        m = self.mod()
        params = []
        for _ in range(r.randint(1, 4)):
            params.append(self.wpick([('int', 3), ('num', 3), ('float', 1)]))
        names = [self.fresh('p') for _ in params]
        typed = []
        ctx = Ctx(mult=H, ret='num', ret_bound=m)
        for n_, k in zip(names, params):
            ann = ''
            if self.chance(0.5):
                ann = {'int': ': i64', 'num': self.pick([': i64', ': i32', '']), 'float': ': f64'}[k]
            typed.append(n_ + ann)
            ctx.add(Var(n_, k, 10**4, mut=True, ro=(k == 'int')))
        w = Writer(0)
        ret = self.pick(['', ' -> i64', ' -> f64', ''])
        w.open('fun %s(%s)%s {' % (f, ', '.join(typed), ret))
        acc = self.fresh('a')
        w.line('let mut %s = 0' % acc)
        ctx.add(Var(acc, 'num', m))
        ctx.push()
        self.stmts(ctx, w, r.randint(2, 6))
        ctx.pop()
        e, _ = self.num_expr(ctx, 2, 10**9)
        w.line('(%s + %s) %% %d' % (acc, e, m))
        w.close()
        self.items.append(w.text())
        # main
        mw = self.main
        mc = Ctx(mult=H)
        s = self.fresh('s')
        i = self.fresh('i')
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (i, H))
        mc.add(Var(i, 'int', H, ro=True))
        args = [self.int_expr(mc, 2, 10**4)[0] if k != 'float' else self.float_expr(mc, 1) for k in params]
        mw.line('%s = (%s + %s(%s)) %% %d' % (s, s, f, ', '.join(args), m))
        self.gated_print(mw, i, H, [s])
        mw.close()
        mw.line('println("%s", %s)' % (f + ' {}', s))
        # type change: Float where Ints were seen
        if any(k == 'num' for k in params) and self.chance(0.8):
            j = self.fresh('j')
            n2 = r.randint(2, 60)
            mw.open('for %s in 0..%d {' % (j, n2))
            mc2 = Ctx()
            mc2.add(Var(j, 'int', n2, ro=True))
            args = []
            for k in params:
                if k == 'num' and self.chance(0.7):
                    args.append(self.pick(['%s as f64 + 0.5', '%s * 1.5', '0.25 + %s']) % j)
                elif k == 'float':
                    args.append(self.float_expr(mc2, 1))
                else:
                    args.append(self.int_expr(mc2, 1, 10**4)[0])
            mw.line('%s = %s + %s(%s)' % (s, s, f, ', '.join(args)))
            mw.close()
            mw.line('println(%s)' % s)
            if self.take_hazard('str-arg'):
                args = ['"s"' if k == 'num' else ('1' if k == 'int' else '1.0') for k in params]
                mw.line('println(%s(%s))' % (f, ', '.join(args)))

    def feat_int_helper(self):
        """Small pure Int helper registered for use in later expressions (hot through callers)."""
        r = self.r
        f = self.fresh('h')
        m = self.mod()
        np_ = r.randint(1, 3)
        names = [self.fresh('p') for _ in range(np_)]
        ctx = Ctx(mult=1, ret='int', ret_bound=m)
        ctx.no_call = ()
        for n_ in names:
            ctx.add(Var(n_, 'int', 10**4, ro=True))
        w = Writer(0)
        w.open('fun %s(%s) -> i64 {' % (f, ', '.join(n_ + self.pick([': i64', '', ': i32']) for n_ in names)))
        ctx.mult = 30
        ctx.print_ok = False
        self.stmts(ctx, w, r.randint(0, 3))
        e, b = self.int_expr(ctx, 3)
        w.line(e if b <= m else '%s %% %d' % (paren(e), m))
        w.close()
        self.items.append(w.text())
        self.helpers.append({'name': f, 'params': names, 'bound': m, 'cost': 200})
        # use it hot from main
        mw = self.main
        H = self.hot_count()
        mc = Ctx()
        s, i = self.fresh('s'), self.fresh('i')
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (i, H))
        mc.add(Var(i, 'int', H, ro=True))
        mc.mult = H
        args = [self.int_expr(mc, 2, 10**4)[0] for _ in names]
        mw.line('%s = (%s + %s(%s)) %% 1000003' % (s, s, f, ', '.join(args)))
        mw.close()
        mw.line('println(%s)' % s)

    def feat_dyn_fn(self):
        """A function using only + == and text, hot with Ints, then given Floats, Strs and Bools."""
        r = self.r
        f = self.fresh('d')
        a, b = self.fresh('p'), self.fresh('p')
        w = Writer(0)
        w.open('fun %s(%s, %s) {' % (f, a, b))
        c = self.fresh('c')
        body = self.pick([
            ['let %s = %s + %s' % (c, a, b), '%s + %s' % (c, b)],
            ['let %s = %s + %s' % (c, b, a), 'if %s == %s { %s } else { %s + %s }' % (a, b, c, c, a)],
            ['let %s = [%s, %s]' % (c, a, b), '%s[0] + %s[1] + %s' % (c, c, a)],
            ['let %s = %s * 2' % (c, a), '%s + %s' % (c, b)],
            ['let mut %s = %s' % (c, a), 'for _ in 0..3 { %s = %s + %s }' % (c, c, b), c],
            ['let %s = f"<{%s}|{%s}>"' % (c, a, b), 'if %s != %s { %s + %s } else { %s }' % (a, b, a, b, c)],
        ])
        for ln in body:
            w.line(ln)
        w.close()
        self.items.append(w.text())
        mw = self.main
        H = self.hot_count()
        s, i = self.fresh('s'), self.fresh('i')
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (i, H))
        if 'f"' in body[0]:
            mw.line('%s = (%s + str(%s(%s %% 100, %d)).len()) %% 10007' % (s, s, f, i, r.randint(0, 50)))
        else:
            mw.line('%s = (%s + %s(%s %% 100, %d)) %% 10007' % (s, s, f, i, r.randint(0, 50)))
        mw.close()
        mw.line('println(%s)' % s)
        calls = [('1.5', '2'), ('2', '0.25'), ('"a"', '"b"'), ('"n"', '7'), ('3', '"x"'), ('2.5', '"f"'),
                 ('"t"', 'true'), ('1000000000000000', '1'), ('0.1', '0.2'), ('-0.0', '0.0')]
        for x, y in r.sample(calls, r.randint(2, 5)):
            mw.line('println(%s(%s, %s))' % (f, x, y))
        if self.chance(0.5):
            j = self.fresh('j')
            t = self.fresh('t')
            mw.line('let mut %s = ""' % t)
            mw.open('for %s in 0..%d {' % (j, r.randint(3, 30)))
            mw.line('%s = %s(%s, %s)' % (t, f, self.pick(['"s"', '%s' % j, '%s as f64' % j]), self.pick(['"k"', '1'])))
            mw.close()
            mw.line('println(%s)' % t)
        if self.take_hazard('bool-arg'):
            mw.line('println(%s(true, false))' % f)

    def feat_drift(self):
        """Locals that hold an Int in early iterations and a Float / Str later (OSR + deopt)."""
        r = self.r
        f = self.fresh('g')
        N = r.randint(300, 3000)
        K = r.randint(1, N - 1)
        x, y, z, i = self.fresh('x'), self.fresh('y'), self.fresh('z'), self.fresh('i')
        m = self.mod()
        w = Writer(0)
        w.open('fun %s(n: i64) {' % f)
        w.line('let mut %s = 0' % x)
        w.line('let mut %s = 1' % y)
        w.line('let mut %s = 0' % z)
        ctx = Ctx(mult=N)
        ctx.add(Var('n', 'int', N, ro=True))
        ctx.add(Var(x, 'num', m))
        ctx.add(Var(z, 'int', m))
        loop = self.pick(['for', 'while'])
        if loop == 'for':
            w.open('for %s in 0..n {' % i)
        else:
            w.line('let mut %s = 0' % i)
            w.open('while %s < n {' % i)
        ctx.add(Var(i, 'int', N, ro=True))
        ctx.print_ok = False
        ctx.loops.append({'label': None, 'kind': 'for'})
        e, _ = self.num_expr(ctx, 2, 10**6)
        w.line('%s = (%s + %s) %% %d' % (x, x, e, m))
        change = self.pick(['%s = %s + 0.5' % (x, x), '%s = %s * 1.5' % (x, x), '%s = %s / 4' % (x, x),
                            '%s = %s as f64' % (x, x)])
        w.line('if %s == %d { %s }' % (i, K, change))
        w.line('%s = if %s < %d { (%s * 2) %% 1000 } else { f"y{%s}" }' % (y, i, r.randint(0, N), y, i))
        e, _ = self.int_expr(ctx, 2, 10**9)
        w.line('%s = (%s + %s) %% %d' % (z, z, e, m))
        if loop == 'while':
            w.line('%s += 1' % i)
        w.close()
        w.line('println(%s, %s, %s)' % (x, y, z))
        w.close()
        self.items.append(w.text())
        self.main.line('%s(%d)' % (f, N))
        self.main.line('%s(%d)' % (f, r.randint(0, K)))
        if self.chance(0.5):
            self.main.line('%s(%d)' % (f, N))

    def feat_array(self):
        """An array built by push, read hot by a function, then receiving another kind of element."""
        r = self.r
        ek = self.wpick([('int', 4), ('float', 2), ('bool', 1), ('str', 1), ('mixed', 1)])
        a = self.fresh('arr')
        f = self.fresh('scan')
        L = r.randint(20, 200)
        R = max(2, min(self.hot_count(50, 600), BUDGET // L))
        change = self.wpick([('float', 3), ('str', 1), ('int', 1), ('none', 1)])
        mw = self.main
        mc = Ctx(mult=L)
        i = self.fresh('i')
        mw.line('let %s = []' % a)
        mw.open('for %s in 0..%d {' % (i, L))
        mc.add(Var(i, 'int', L, ro=True))
        if ek == 'int':
            e, b = self.int_expr(mc, 2, 10**6)
            mw.line('%s.push(%s)' % (a, e))
        elif ek == 'float':
            mw.line('%s.push(%s)' % (a, self.float_expr(mc, 2)))
        elif ek == 'bool':
            mw.line('%s.push(%s)' % (a, self.bool_expr(mc, 2)))
        elif ek == 'str':
            mw.line('%s.push(%s)' % (a, self.pick(['f"s{%s}"' % i, '"ab" + %s' % i, '%s.to_string()' % i])))
        else:
            mw.line('%s.push(if %s %% 3 == 0 { %s } else if %s %% 3 == 1 { %s as f64 * 0.5 } else { f"m{%s}" })'
                    % (a, i, i, i, i, i))
        mw.close()
        # the scanning function
        w = Writer(0)
        xs = self.fresh('xs')
        t = self.fresh('t')
        w.open('fun %s(%s%s) {' % (f, xs, self.pick(['', ': Vec<i64>', ': &[i64]'])))
        v = self.fresh('v')
        if ek in ('int', 'float'):
            w.line('let mut %s = 0' % t)
            how = self.pick(['forin', 'idx', 'while', 'enum'])
            ii = self.fresh('k')
            if how == 'forin':
                w.open('for %s in %s {' % (v, xs))
            elif how == 'idx':
                w.open('for %s in 0..%s.len() {' % (ii, xs))
                w.line('let %s = %s[%s]' % (v, xs, ii))
            elif how == 'enum':
                w.open('for (%s, %s) in %s.enumerate() {' % (ii, v, xs))
            else:
                w.line('let mut %s = 0' % ii)
                w.open('while %s < %s.len() {' % (ii, xs))
                w.line('let %s = %s[%s]' % (v, xs, ii))
                w.line('%s += 1' % ii)
            body = self.pick(['%s = %s + %s' % (t, t, v)] if change == 'str' else ['%s = %s + %s' % (t, t, v),
                              'if %s > %s { %s = %s + %s } else { %s = %s - 1 }' % (v, self.pick(['10', '2.5', '0']),
                                                                                   t, t, v, t, t),
                              '%s += %s * 2' % (t, v)])
            if change != 'str' and self.chance(0.4):
                w.line('if %s == 7 { continue }' % v)
            w.line(body)
            if change != 'str' and self.chance(0.3):
                w.line('%s = %s %% 100000007' % (t, t))
            w.close()
            if how in ('idx', 'while', 'enum') and self.chance(0.4) and change != 'str':
                w.line('%s[0] = %s[0] + 1' % (xs, xs))
        elif ek == 'bool':
            w.line('let mut %s = 0' % t)
            w.open('for %s in 0..%s.len() {' % (v, xs))
            w.line('if %s[%s] { %s += 1 } else { %s += 2 }' % (xs, v, t, t))
            if change == 'none' and self.chance(0.5):
                w.line('%s[%s] = !%s[%s]' % (xs, v, xs, v))
            w.close()
        elif ek == 'str':
            w.line('let mut %s = 0' % t)
            w.open('for %s in %s {' % (v, xs))
            w.line('%s += f"{%s}".len()' % (t, v))
            w.line('if %s == "s5" { %s += 100 }' % (v, t))
            w.close()
        else:
            w.line('let mut %s = 0' % t)
            w.open('for %s in %s {' % (v, xs))
            w.line('match type_of(%s) { "integer" => { %s += %s }, "float" => { %s += 1 }, _ => { %s += 2 } }'
                   % (v, t, v, t, t))
            w.close()
        w.line(t)
        w.close()
        self.items.append(w.text())
        s, j = self.fresh('s'), self.fresh('j')
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (j, R))
        if ek == 'int' and change != 'str' and self.chance(0.5):
            mw.line('%s[%s %% %d] += 1' % (a, j, L))
        if ek == 'float' and self.chance(0.5):
            mw.line('%s[%s %% %d] *= 0.5' % (a, j, L))
        if ek in ('int', 'float', 'mixed') and change != 'str':
            mw.line('%s = (%s + %s(%s)) %% 1000003' % (s, s, f, a))
        else:
            mw.line('%s = %s(%s)' % (s, f, a))
        self.gated_print(mw, j, R, [s])
        mw.close()
        mw.line('println(%s)' % s)
        pos = r.randint(0, L - 1)
        if change == 'float':
            mw.line('%s[%d] = %s' % (a, pos, self.pick(['0.5', '2.25', '(-1.5)', '1e20'])))
        elif change == 'str':
            mw.line('%s[%d] = "x"' % (a, pos) if ek != 'str' else '%s[%d] = 5' % (a, pos))
        elif change == 'int':
            mw.line('%s.push(%d)' % (a, r.randint(-5, 5)))
        if change != 'none':
            j2 = self.fresh('j')
            n2 = r.randint(1, 30)
            mw.open('for %s in 0..%d {' % (j2, n2))
            if self.chance(0.5) and change != 'str' and ek in ('int', 'float'):
                mw.line('%s[%s %% %d] = %s[%s %% %d] + %s' % (a, j2, L, a, j2, L, self.pick(['0.5', '1', '0.125'])))
            mw.line('%s = %s(%s)' % (s, f, a))
            mw.close()
            mw.line('println(%s)' % s)
        if L <= 40:
            mw.line('println(%s)' % a)
        else:
            mw.line('println(%s.len(), %s[0], %s[-1])' % (a, a, a))
        if self.take_hazard('index-oob'):
            mw.line('println(%s[%s.len()])' % (a, a))

    def feat_matrix(self):
        """Nested arrays m[i][j]: build, hot nested loops reading and updating, a Float cell later."""
        r = self.r
        Rr, C = r.randint(2, 12), r.randint(2, 12)
        H = max(2, min(self.hot_count(20, 400), BUDGET // (Rr * C)))
        m, f = self.fresh('m'), self.fresh('msum')
        mw = self.main
        i, j, row = self.fresh('i'), self.fresh('j'), self.fresh('row')
        mw.line('let %s = []' % m)
        mw.open('for %s in 0..%d {' % (i, Rr))
        mw.line('let %s = []' % row)
        mw.line('for %s in 0..%d { %s.push((%s * %d + %s) %% %d) }' % (j, C, row, i, r.randint(1, 9), j,
                                                                       r.randint(2, 50)))
        mw.line('%s.push(%s)' % (m, row))
        mw.close()
        w = Writer(0)
        mm, s, a, b = self.fresh('mm'), self.fresh('s'), self.fresh('a'), self.fresh('b')
        w.open('fun %s(%s, r: i64, c: i64) {' % (f, mm))
        w.line('let mut %s = 0' % s)
        w.open('for %s in 0..r {' % a)
        w.open('for %s in 0..c {' % b)
        w.line(self.pick(['%s = (%s + %s[%s][%s] * (%s + 1)) %% 1000003' % (s, s, mm, a, b, b),
                          '%s += %s[%s][%s]' % (s, mm, a, b),
                          'if %s[%s][%s] > %d { %s += 1 } else { %s = %s + %s[%s][%s] }' % (mm, a, b, r.randint(0, 20),
                                                                                         s, s, s, mm, a, b)]))
        if self.chance(0.3):
            w.line('if %s == %s { continue }' % (a, b))
        w.close()
        w.close()
        w.line(s)
        w.close()
        self.items.append(w.text())
        t, it = self.fresh('t'), self.fresh('it')
        mw.line('let mut %s = 0' % t)
        mw.open('for %s in 0..%d {' % (it, H))
        mw.line(self.pick(['%s[%s %% %d][(%s * 3) %% %d] += 1' % (m, it, Rr, it, C),
                           '%s[%s %% %d][%s %% %d] = %s %% 10' % (m, it, Rr, it, C, it),
                           'let %s = %s[%s %% %d]; %s[0] = %s[0] + 1' % (row, m, it, Rr, row, row)]))
        mw.line('%s = (%s + %s(%s, %d, %d)) %% 1000003' % (t, t, f, m, Rr, C))
        self.gated_print(mw, it, H, [t])
        mw.close()
        mw.line('println(%s, %s[%d])' % (t, m, r.randint(0, Rr - 1)))
        if self.chance(0.7):
            mw.line('%s[%d][%d] = %s' % (m, r.randint(0, Rr - 1), r.randint(0, C - 1),
                                       self.pick(['2.5', '0.5', '(-0.75)', '1e18'])))
            mw.line('println(%s(%s, %d, %d))' % (f, m, Rr, C))
        if self.take_hazard('matrix-oob'):
            mw.line('println(%s(%s, %d, %d))' % (f, m, Rr, C + 1))

    def hot_sum(self, H, term):
        """In main: s = (s + TERM) % 1000003 for each of H values of i
        (term(i) gives TERM), then s printed. Returns main's writer."""
        s, i = self.fresh('s'), self.fresh('i')
        mw = self.main
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (i, H))
        mw.line('%s = (%s + %s) %% 1000003' % (s, s, term(i)))
        mw.close()
        mw.line('println(%s)' % s)
        return mw

    def feat_recursion(self):
        r = self.r
        f = self.fresh('rec')
        m = self.mod()
        kind = self.pick(['linear', 'linear', 'tree', 'mutual', 'pure'])
        w = Writer(0)
        if kind == 'linear':
            ctx = Ctx(mult=1)
            ctx.add(Var('n', 'int', 60, ro=True))
            ctx.add(Var('acc', 'num', m))
            w.open('fun %s(n%s, acc) {' % (f, self.pick(['', ': i64'])))
            w.line('if n <= 0 { return acc }')
            e, _ = self.num_expr(ctx, 2, 10**9)
            if self.chance(0.4):
                w.line('if n %% %d == 0 { return %s(n - %d, acc) }' % (r.randint(3, 9), f, r.randint(1, 3)))
            w.line('%s(n - 1, (acc + %s) %% %d)' % (f, e, m))
            w.close()
            self.items.append(w.text())
            D = r.randint(10, 50)
            mw = self.hot_sum(self.hot_count(100, 800),
                              lambda i: '%s(%s %% %d, %s)' % (f, i, D, self.pick(['0', i, '1'])))
            mw.line('println(%s(%d, %s))' % (f, r.randint(5, 50), self.pick(['0.5', '2.25', '1', '(-3)'])))
            if self.take_hazard('deep-recursion-str'):
                mw.line('println(%s(10, "s"))' % f)
        elif kind == 'tree':
            w.open('fun %s(n: i64) -> i64 {' % f)
            w.line('if n < 2 { return n%s }' % self.pick(['', ' + 1', ' * 3']))
            w.line('(%s(n - 1) + %s(n - 2)%s) %% %d' % (f, f, self.pick(['', ' * 2', ' + n']), m))
            w.close()
            self.items.append(w.text())
            H = self.hot_count(20, 60)
            s, i = self.fresh('s'), self.fresh('i')
            mw = self.main
            mw.line('let mut %s = 0' % s)
            mw.open('for %s in 0..%d {' % (i, H))
            mw.line('%s += %s(%s %% %d)' % (s, f, i, r.randint(5, 13)))
            mw.close()
            mw.line('println(%s, %s(%d))' % (s, f, r.randint(10, 15)))
            mw.line('println(%s(%s))' % (f, self.pick(['5.5', '3', '7.25'])))
        elif kind == 'pure':
            # Only Int arithmetic, comparisons, lets and calls of itself: Tier 2
            # gives it a pure variant, whose failures deep inside (an overflow,
            # a division by zero) bail to the checked code, which raises.
            w.open('fun %s(n: i64, k: i64) -> i64 {' % f)
            w.line('if n <= 0 { return k%s }' % self.pick(['', ' + 1', ' * 2', ' - n']))
            a, b = '%s(n - 1, k)' % f, '%s(n - 2, k %s)' % (f, self.pick(['+ 1', '- 1', '* 2', '']))
            if self.chance(0.3):
                w.line('let t = %s' % a)
                a = 't'
            w.line(self.pick(['%s + %s' % (a, b), '%s * 2 - %s' % (a, b), '(%s + %s) %% %d' % (a, b, m),
                              '%s / (k - %d) + %s' % (a, r.randint(0, 3), b),
                              'if k %% 2 == 0 { %s - %s } else { -%s }' % (a, b, a),
                              '%s + k * %d' % (a, r.choice([3, 1000, 10**6, 10**12]))]))
            w.close()
            self.items.append(w.text())
            D = r.randint(5, 12)
            mw = self.hot_sum(self.hot_count(20, 60), lambda i: '%s(%s %% %d, %s %% 7 + 4)' % (f, i, D, i))
            mw.line('println(%s(%d, %s))' % (f, r.randint(5, 14), self.pick(['5', '(-3)', '1000000000000', '9223372036854775000', '2'])))
        else:
            g = self.fresh('rec')
            w.open('fun %s(n) {' % f)
            w.line('if n <= 0 { %s } else { %s(n - 1) }' % (self.pick(['true', '0', '"even"']), g))
            w.close()
            w.open('fun %s(n) {' % g)
            w.line('if n <= 0 { %s } else { %s(n - 1) }' % (self.pick(['false', '1', '"odd"']), f))
            w.close()
            self.items.append(w.text())
            H = self.hot_count(100, 600)
            c, i = self.fresh('c'), self.fresh('i')
            mw = self.main
            mw.line('let mut %s = 0' % c)
            mw.open('for %s in 0..%d {' % (i, H))
            mw.line('if %s(%s %% 40) == %s(%d) { %s += 1 }' % (f, i, f, r.randint(0, 3), c))
            mw.close()
            mw.line('println(%s, %s(7), %s(%s))' % (c, g, f, self.pick(['2.5', '10', '0.5'])))

    def feat_closure(self):
        r = self.r
        k, fc, ap, cnt, inc = (self.fresh('k'), self.fresh('fc'), self.fresh('apply'), self.fresh('cnt'),
                               self.fresh('inc'))
        m = self.mod()
        w = Writer(0)
        g, n = self.fresh('g'), self.fresh('n')
        s, i = self.fresh('s'), self.fresh('i')
        w.open('fun %s(%s, %s%s) {' % (ap, g, n, self.pick(['', ': i64'])))
        w.line('let mut %s = 0' % s)
        w.line('for %s in 0..%s { %s = (%s + %s(%s)) %% %d }' % (i, n, s, s, g, i, m))
        w.line(s)
        w.close()
        mk = self.fresh('make')
        w.open('fun %s(%s) {' % (mk, k))
        w.line('|x| x %s %s' % (self.pick(['+', '*', '-']), k))
        w.close()
        self.items.append(w.text())
        mw = self.main
        mc = Ctx(mult=3000)
        mw.line('let mut %s = %d' % (k, r.randint(1, 20)))
        mc.add(Var(k, 'num', 20))
        mc.add(Var('x', 'num', 10**4, ro=True))
        e, _ = self.num_expr(mc, 2, 10**9)
        mw.line('let %s = |x| (%s) %% %d' % (fc, e, m))
        mw.line('let mut %s = 0' % cnt)
        mw.line('let %s = || { %s += 1; %s }' % (inc, cnt, cnt))
        H = self.hot_count()
        t, j = self.fresh('t'), self.fresh('j')
        mw.line('let mut %s = 0' % t)
        mw.open('for %s in 0..%d {' % (j, H))
        mw.line('%s = (%s + %s(%s) + %s()) %% 1000003' % (t, t, fc, j, inc))
        self.gated_print(mw, j, H, [t, cnt])
        mw.close()
        mw.line('println(%s, %s)' % (t, cnt))
        mw.line('println(%s(%s, %d))' % (ap, fc, r.randint(10, 300)))
        mw.line('println(%s(%s(%d), %d))' % (ap, mk, r.randint(-5, 5), r.randint(10, 300)))
        if self.chance(0.7):
            mw.line('println(%s(%s))' % (fc, self.pick(['2.5', '0.5', '(-1.25)'])))
        if self.chance(0.6):
            mw.line('%s = %s + 0.5' % (k, k))        # the captured variable turns Float
            mw.line('println(%s(%s, %d), %s(3))' % (ap, fc, r.randint(5, 50), fc))
        if self.chance(0.5):
            fs = self.fresh('fs')
            mw.line('let %s = [%s, |x| x * 2, %s(%d)]' % (fs, fc, mk, r.randint(1, 9)))
            mw.line('let mut %s = 0' % s)
            mw.line('for %s in 0..%d { %s = (%s + %s[%s %% 3](%s)) %% 1000003 }' % (i, r.randint(50, 900), s, s, fs,
                                                                                    i, i))
            mw.line('println(%s)' % s)
        if self.chance(0.5):
            fs, q = self.fresh('fs'), self.fresh('q')
            n = r.randint(5, 300)
            mw.line('let %s = []' % fs)
            mw.line('for %s in 0..%d { %s.push(|x| x * %d + %s) }' % (i, n, fs, r.randint(1, 5), i))
            mw.line('let mut %s = 0' % q)
            mw.line('for %s in 0..%d { %s = (%s + %s[%s %% %d](%s)) %% 1000003 }' % (i, r.randint(10, 2000), q, q, fs,
                                                                                    i, n, i))
            mw.line('println(%s, %s[%d](%s))' % (q, fs, r.randint(0, n - 1), self.pick(['1', '0.5', '"s"'])))
        if self.take_hazard('closure-arity'):
            mw.line('println(%s(1, 2))' % fc)

    def feat_struct(self):
        r = self.r
        S = 'S%d' % self.r.randint(0, 9) + self.fresh('T')
        m = self.mod()
        w = Writer(0)
        w.open('struct %s {' % S)
        w.line('a: i64,')
        w.line('b: f64,')
        w.line('tag: String,')
        w.line('hits: i64 = 0')
        w.close()
        w.open('impl %s {' % S)
        w.line('fun new(a: i64, b: f64) -> %s { %s { a: a, b: b, tag: "t" } }' % (S, S))
        ctx = Ctx()
        ctx.add(Var('self.a', 'num', m))
        ctx.add(Var('k', 'int', 10**4, ro=True))
        e, _ = self.num_expr(ctx, 3, 10**9)
        w.line('fun score(&self, k: i64) { (%s) %% %d }' % (e, m))
        w.line('fun bump(&mut self, d) { self.a = (self.a + d) %% %d; self.hits += 1 }' % m)
        w.line('fun mix(&self) -> f64 { self.b * 2.0 + self.a }')
        w.line('fun retag(&mut self, s) { self.tag = s + self.hits }')
        w.close()
        self.items.append(w.text())
        mw = self.main
        p, t, i = self.fresh('p'), self.fresh('t'), self.fresh('i')
        mw.line('let %s = %s::new(%d, %s)' % (p, S, r.randint(0, 50), self.float_lit()))
        mw.line('let mut %s = 0' % t)
        H = self.hot_count()
        mw.open('for %s in 0..%d {' % (i, H))
        mw.line('%s.bump(%s %% %d)' % (p, i, r.randint(2, 9)))
        mw.line('%s = (%s + %s.score(%s)) %% 1000003' % (t, t, p, i))
        if self.chance(0.4):
            mw.line('%s.b = %s.b + 0.5' % (p, p))
        if self.chance(0.3):
            mw.line('if %s %% 100 == 0 { %s.retag("r") }' % (i, p))
        self.gated_print(mw, i, H, [t, '%s.a' % p])
        mw.close()
        mw.line('println(%s)' % p)
        mw.line('println(%s, %s.mix())' % (t, p))
        if self.chance(0.7):
            mw.line('%s.a = %s.a + %s' % (p, p, self.pick(['0.5', '0.25', '1.5'])))   # field turns Float
            mw.line('%s.bump(%s)' % (p, self.pick(['1', '0.5'])))
            mw.line('println(%s.score(3), %s.mix(), %s.a)' % (p, p, p))
        if self.chance(0.4):
            q = self.fresh('q')
            mw.line('let %s = [%s, %s::new(1, 2.0)]' % (q, p, S))
            mw.line('%s[0].hits += 10' % q)
            mw.line('%s[1].a = %s[0].hits' % (q, q))
            mw.line('println(%s.hits, %s[1], %s == %s[0])' % (p, q, p, q))

    def feat_overflow(self):
        """Checked Int arithmetic near the limits: overflows only after many fast iterations."""
        r = self.r
        hz = self.take_hazard('overflow')
        kind = self.pick(['mul', 'add', 'sub', 'typed_mul', 'pow', 'shift', 'div', 'range_top'])
        mw = self.main
        if kind == 'mul':
            k = r.randint(2, 9)
            safe = 0
            while k ** (safe + 1) <= I64_MAX:
                safe += 1
            f = self.fresh('grow')
            w = Writer(0)
            w.open('fun %s(n: i64, k%s) -> i64 {' % (f, self.pick(['', ': i64'])))
            x, i = self.fresh('x'), self.fresh('i')
            w.line('let mut %s = 1' % x)
            if self.chance(0.5):
                w.line('let mut %s = 0' % i)
                w.open('while %s < n {' % i)
                w.line('%s = %s * k' % (x, x))
                w.line('%s += 1' % i)
            else:
                w.open('for %s in 0..n {' % i)
                w.line('%s %s' % (x, self.pick(['*= k', '= k * %s' % x])))
            w.close()
            w.line(x)
            w.close()
            self.items.append(w.text())
            t, i = self.fresh('t'), self.fresh('i')
            H = self.hot_count(300, 3000)
            mw.line('let mut %s = 0' % t)
            mw.line('for %s in 0..%d { %s = (%s + %s(%s %% %d, %d) %% 1000) %% 100003 }'
                    % (i, H, t, t, f, i, min(safe, 12), k))
            mw.line('println(%s, %s(%d, %d))' % (t, f, safe, k))
            if hz:
                mw.line('println(%s(%d, %d))' % (f, safe + 1, k))
            mw.line('println(%s(%d, %s))' % (f, r.randint(1, 20), self.pick(['1.5', '2', '0.5'])))
        elif kind in ('add', 'sub'):
            N = r.randint(500, 4000)
            D = r.randint(1, N - 1)
            x, i = self.fresh('x'), self.fresh('i')
            step = r.randint(1, 7)
            if kind == 'add':
                start = I64_MAX - D * step
                mw.line('let mut %s = %d' % (x, start))
            else:
                start = -(I64_MAX) - 1 + D * step
                mw.line('let mut %s = %d' % (x, start))
            n = N if hz else D
            op = '+=' if kind == 'add' else '-='
            mw.open('for %s in 0..%d {' % (i, n))
            mw.line('%s %s %d' % (x, op, step))
            self.gated_print(mw, i, n, [x])
            mw.close()
            mw.line('println(%s)' % x)
        elif kind == 'range_top':
            f = self.fresh('cnt')
            w = Writer(0)
            w.open('fun %s(lo%s, hi) {' % (f, self.pick(['', ': i64'])))
            w.line('let mut c = 0')
            w.line('let mut last = 0')
            w.line('for i in lo..=hi { c += 1; last = i }' if self.chance(0.5) else
                   'for i in lo..hi { c += 1; last = i }')
            w.line('(c, last)')
            w.close()
            self.items.append(w.text())
            t, i = self.fresh('t'), self.fresh('i')
            H = self.hot_count()
            mw.line('let mut %s = 0' % t)
            mw.line('for %s in 0..%d { %s = (%s + %s(%s %% 9, %s %% 13).0) %% 1000003 }' % (i, H, t, t, f, i, i))
            mw.line('println(%s, %s(9223372036854775800, 9223372036854775807), %s(5, 2))' % (t, f, f))
            mw.line('println(%s(-9223372036854775807 - 1, -9223372036854775805))' % f)
            if hz:
                mw.line('println(%s(9223372036854775800, 9223372036854775807).1 + 1)' % f)
        elif kind == 'typed_mul':
            f = self.fresh('mul')
            w = Writer(0)
            w.open('fun %s(a: i64, b: i64) -> i64 {' % f)
            w.line('a * b')
            w.close()
            self.items.append(w.text())
            t, i = self.fresh('t'), self.fresh('i')
            H = self.hot_count()
            mw.line('let mut %s = 0' % t)
            mw.line('for %s in 0..%d { %s = (%s + %s(%s, %s + 1)) %% 1000003 }' % (i, H, t, t, f, i, i))
            mw.line('println(%s, %s(3037000499, 3037000499), %s(-3037000499, 3037000499))' % (t, f, f))
            mw.line('println(%s(2.5, 4), %s(4611686018427387903, 2))' % (f, f))
            if hz:
                mw.line('println(%s(3037000500, 3037000500))' % f)
        elif kind == 'pow':
            x, i = self.fresh('x'), self.fresh('i')
            mw.line('let mut %s = 0' % x)
            base = r.randint(2, 7)
            mw.open('for %s in 0..%d {' % (i, r.randint(20, 80)))
            mw.line('%s = %s ** (%s %% 70)' % (x, base, i))       # Int while it fits, then Float
            mw.line('if %s %% 9 == 0 { println(%s, %s) }' % (i, i, x))
            mw.close()
            mw.line('println(%s, %d ** 2 ** 3, (-2) ** 63, 2 ** (-1))' % (x, base))
            if hz:
                mw.line('println(%s + 9223372036854775807)' % '(2 ** 62)')
        elif kind == 'shift':
            x, i = self.fresh('x'), self.fresh('i')
            mw.line('let mut %s = 0' % x)
            mw.open('for %s in 0..%d {' % (i, r.randint(100, 2000)))
            mw.line('%s = %s ^ ((1 << %s) | (%s >> (%s %% 5)))' % (x, x, i, x, i))
            mw.line('%s = %s & 0x7fffffffffff' % (x, x) if self.chance(0.5) else '%s = %s + 0' % (x, x))
            mw.close()
            mw.line('println(%s, 1 << 63, (1 << 63) >> 63, -1 >> 70, 5 << 64)' % x)
            if hz:
                mw.line('println(-(1 << 63))')
        else:
            f = self.fresh('dv')
            w = Writer(0)
            w.open('fun %s(a, b) {' % f)
            w.line('(a / b, a % b)')
            w.close()
            self.items.append(w.text())
            t, i = self.fresh('t'), self.fresh('i')
            N = r.randint(300, 2000)
            mw.line('let mut %s = 0' % t)
            mw.open('for %s in 0..%d {' % (i, N))
            mw.line('let q = %s(%s * 7 - %d, %d - %s)' % (f, i, r.randint(0, 500), N + (0 if hz else 1), i))
            mw.line('%s = (%s + q.0 + q.1) %% 1000003' % (t, t))
            mw.close()
            mw.line('println(%s, %s(-7, 2), %s(7.5, 2), %s(-9223372036854775807 - 1, 2))' % (t, f, f, f))
            if hz and self.chance(0.3):
                mw.line('println(%s(-9223372036854775807 - 1, -1))' % f)

    def feat_strings(self):
        r = self.r
        f = self.fresh('lab')
        w = Writer(0)
        w.open('fun %s(n%s, s) {' % (f, self.pick(['', ': i64'])))
        w.line('if n % 3 == 0 { s + n } else if n % 3 == 1 { f"<{n}>" } else { s.to_uppercase() + n * 2 }')
        w.close()
        self.items.append(w.text())
        mw = self.main
        s, t, i, x = self.fresh('s'), self.fresh('t'), self.fresh('i'), self.fresh('x')
        H = self.hot_count()
        mw.line('let mut %s = ""' % s)
        mw.line('let mut %s = 0' % t)
        mw.open('for %s in 0..%d {' % (i, H))
        mw.line('let %s = %s(%s, %s)' % (x, f, i, self.str_lit()))
        mw.line('%s = (%s + %s.len()) %% 100003' % (t, t, x))
        mw.line('%s = %s + %s' % (s, s, self.pick(['%s[0]' % x, x, '%s.len()' % x, '"" + %s' % i])))
        mw.line('if %s.len() > %d { %s = %s[%d..%d] }' % (s, r.randint(20, 60), s, s, r.randint(0, 3),
                                                         r.randint(4, 12)))
        if self.chance(0.5):
            mw.line('if %s.contains("1") { %s += 1 }' % (x, t))
        self.gated_print(mw, i, H, [s, t])
        mw.close()
        mw.line('println("{} / {}", %s, %s)' % (s, t))
        mw.line('println(f"{%s}:{%s:.2}:{%s.len()}")' % (s, t, s))
        mw.line('println(%s(%s, "q"), %s(4, "é"))' % (f, self.pick(['2.5', '1.0', '(-3.5)']), f))
        mc = Ctx()
        mc.add(Var(s, 'str'))
        mc.add(Var(t, 'int', 100003))
        mw.line('println(%s)' % self.str_expr(mc, 3))
        if self.chance(0.5):
            parts = self.fresh('parts')
            mw.line('let %s = "a,b,,c".split(",")' % parts)
            mw.line('println(%s, %s.len(), %s.join("-"), "abc".repeat(2), " x ".trim())' % (parts, parts, parts))
        if self.take_hazard('str-minus'):
            mw.line('println(%s - 1)' % s)

    def feat_control(self):
        """Labelled loops, loop-with-break-value, early return from loops, match chains."""
        r = self.r
        f, fd = self.fresh('ctl'), self.fresh('find')
        m = self.mod()
        w = Writer(0)
        w.open('fun %s(n: i64, k) -> i64 {' % fd)
        i, v = self.fresh('i'), self.fresh('v')
        w.open('for (%s, %s) in range(0, n).enumerate() {' % (i, v) if self.chance(0.3) else
               'for %s in 0..n {' % i)
        if 'enumerate' not in w.lines[-1]:
            w.line('let %s = %s * %s %% %d' % (v, i, i, r.randint(7, 97)))
        w.line('if %s == k { return %s }' % (v, i))
        w.close()
        w.line('-1')
        w.close()
        # a random function with early returns, break/continue, labels
        ctx = Ctx(mult=self.hot_count(100, 1000), ret='int', ret_bound=m)
        ctx.add(Var('n', 'int', 10**4, ro=True))
        ctx.add(Var('k', 'int', 10**4, ro=True))
        acc = self.fresh('acc')
        w.open('fun %s(n: i64, k: i64) -> i64 {' % f)
        w.line('let mut %s = 0' % acc)
        ctx.add(Var(acc, 'int', m))
        lbl = self.fresh('outer')
        a, b = self.fresh('a'), self.fresh('b')
        w.open("'%s: for %s in 0..%d {" % (lbl, a, r.randint(2, 12)))
        ctx.push()
        ctx.add(Var(a, 'int', 13, ro=True))
        ctx.loops.append({'label': "'" + lbl, 'kind': 'for'})
        w.line('let mut %s = 0' % b)
        w.open('while %s < %d { %s += 1' % (b, r.randint(2, 12), b))
        ctx.push()
        ctx.add(Var(b, 'int', 13, ro=True))
        ctx.loops.append({'label': None, 'kind': 'while'})
        ctx.mult *= 150
        self.stmts(ctx, w, r.randint(2, 5))
        w.line('if (%s + %s + k) %% %d == 0 { continue \'%s }' % (a, b, r.randint(2, 9), lbl))
        w.line('%s = (%s + match (%s * %s + n) %% 5 { 0 => %s, 1 | 2 => k, 3..=3 => 1, _ => %s }) %% %d'
               % (acc, acc, a, b, a, b, m))
        w.line("if %s > %d { break '%s }" % (acc, r.randint(50, m), lbl))
        ctx.loops.pop()
        ctx.pop()
        w.close()
        ctx.loops.pop()
        ctx.pop()
        w.close()
        c = self.fresh('c')
        w.line('let mut %s = 0' % c)
        w.line('let %s = loop { %s += 1; if %s %% %d == 0 { break %s * 2 } }' % (v, c, c, r.randint(2, 9), c))
        w.line('(%s + %s) %% %d' % (acc, v, m))
        w.close()
        self.items.append(w.text())
        mw = self.main
        H = ctx.mult // 150
        t, j = self.fresh('t'), self.fresh('j')
        mw.line('let mut %s = 0' % t)
        mw.open('for %s in 0..%d {' % (j, H))
        mw.line('%s = (%s + %s(%s %% 50, %s %% 7) + %s(%d, %s %% 13)) %% 1000003' % (t, t, f, j, j, fd,
                                                                                   r.randint(5, 30), j))
        chain = 'if %s %% 15 == 0 { %s += 3 } else if %s %% 5 == 0 { %s += 2 } else if %s %% 3 == 0 { %s += 1 }'
        mw.line(chain % (j, t, j, t, j, t))
        self.gated_print(mw, j, H, [t])
        mw.close()
        mw.line('println(%s, %s(7, 3), %s(10, -1))' % (t, f, fd))
        if self.chance(0.5):
            mw.line('println(%s(%d, %s))' % (fd, r.randint(5, 30), self.pick(['1.0', '4.5', '"s"', 'nil'])))
        if self.take_hazard('no-match-arm'):
            q = self.fresh('q')
            mw.line('let %s = match %s %% 4 { 0 => 1, 1 => 2, 2 => 3 }' % (q, t))
            mw.line('println(%s)' % q)

    def feat_globals(self):
        r = self.r
        g, cnt, f = self.fresh('G'), self.fresh('CNT'), self.fresh('tick')
        self.globals.append('let mut %s = %d' % (g, r.randint(0, 10)))
        self.globals.append('let mut %s = 0' % cnt)
        w = Writer(0)
        w.open('fun %s(d) {' % f)
        w.line('%s += 1' % cnt)
        w.line('%s = (%s + d) %% %d' % (g, g, self.mod()))
        w.line('%s' % g)
        w.close()
        self.items.append(w.text())
        mw = self.main
        H = self.hot_count()
        t, i = self.fresh('t'), self.fresh('i')
        mw.line('let mut %s = 0' % t)
        mw.line('for %s in 0..%d { %s = (%s + %s(%s %% 17)) %% 1000003 }' % (i, H, t, t, f, i))
        mw.line('println(%s, %s, %s)' % (t, g, cnt))
        if self.chance(0.7):
            mw.line('%s = %s + 0.5' % (g, g))       # the global turns Float
            mw.line('for %s in 0..%d { %s = %s + %s(1) }' % (i, r.randint(2, 40), t, t, f))
            mw.line('println(%s, %s, %s)' % (t, g, cnt))

    def feat_bits(self):
        r = self.r
        f = self.fresh('bits')
        w = Writer(0)
        w.open('fun %s(x: i64, y: i64) -> i64 {' % f)
        ops = [self.pick(['x & y', 'x | y', 'x ^ y', '(x << (y % 64))', '(x >> (y & 63))', '(x ^ (y << 17))',
                          '(((x & 0xffffff) * 31) ^ (x >> 7))', 'x & 0xff']) for _ in range(3)]
        w.line('let a = %s' % ops[0])
        w.line('let b = %s' % ops[1])
        w.line('(a ^ b) | (%s)' % ops[2])
        w.close()
        self.items.append(w.text())
        mw = self.main
        H = self.hot_count()
        t, i = self.fresh('t'), self.fresh('i')
        mw.line('let mut %s = 0' % t)
        mw.open('for %s in 0..%d {' % (i, H))
        mw.line('%s = %s ^ %s(%s * %d, %s)' % (t, t, f, i, r.randint(1, 99999), self.pick([i, '%s + 60' % i, '3'])))
        self.gated_print(mw, i, H, [t])
        mw.close()
        mw.line('println(%s, %s(-1, 63), %s(9223372036854775807, 1))' % (t, f, f))
        x = self.fresh('fx')
        mw.line('let %s = [1e300, -1e300, 0.0 / 0.0, 2.5, -2.5, 9.22e18, -0.0]' % x)
        mw.line('for v in %s { print(v as i64, v as f64, (v as i64) as f64, ""); println() }' % x)

    def feat_hot_generic(self):
        """A random function (random statements) called hot from main, sometimes in a long loop that
        tiers up even with the default thresholds."""
        r = self.r
        f = self.fresh('work')
        m = self.mod()
        big = self.chance(0.25)
        H = r.randint(20000, 30000) if big else self.hot_count()
        ctx = Ctx(mult=H * (1 if not big else 2), ret='int', ret_bound=m)
        np_ = r.randint(1, 3)
        names = [self.fresh('p') for _ in range(np_)]
        for n_ in names:
            ctx.add(Var(n_, 'int', 10**4, ro=True))
        arrp = None
        if self.chance(0.4):
            arrp = self.fresh('xs')
            ctx.add(Var(arrp, 'arr_int', 2 * 10**6, info={'len': 8}))
        w = Writer(0)
        ps = [n_ + self.pick([': i64', '', ': usize']) for n_ in names] + ([arrp] if arrp else [])
        w.open('fun %s(%s) -> i64 {' % (f, ', '.join(ps)))
        acc = self.fresh('acc')
        w.line('let mut %s = 0' % acc)
        ctx.add(Var(acc, 'int', m))
        ctx.print_ok = False
        if big:
            ctx.mult = BUDGET      # no loops inside
        self.stmts(ctx, w, r.randint(2, 6) if not big else r.randint(1, 3))
        e, b = self.int_expr(ctx, 2, 10**9)
        w.line('(%s + %s) %% %d' % (acc, e, m))
        w.close()
        self.items.append(w.text())
        mw = self.main
        t, i = self.fresh('t'), self.fresh('i')
        mc = Ctx(mult=H)
        mc.add(Var(i, 'int', H, ro=True))
        if arrp:
            mw.line('let %s = [%s]' % (arrp, ', '.join(str(r.randint(0, 99)) for _ in range(8))))
        mw.line('let mut %s = 0' % t)
        mw.open('for %s in 0..%d {' % (i, H))
        args = [self.int_expr(mc, 1, 10**4)[0] for _ in names] + ([arrp] if arrp else [])
        mw.line('%s = (%s + %s(%s)) %% 1000003' % (t, t, f, ', '.join(args)))
        self.gated_print(mw, i, H, [t])
        mw.close()
        mw.line('println(%s)' % t)

    def open_hot_for(self, ctx, w, n):
        """Opens `for i in 0..n {` as a hot loop: its variable in a new scope, the
        bounds multiplied by n, no printing inside. Returns the variable's name."""
        i = self.fresh('i')
        w.open('for %s in 0..%d {' % (i, n))
        ctx.push()
        ctx.add(Var(i, 'int', n, ro=True))
        ctx.mult = n
        ctx.print_ok = False
        ctx.loops.append({'label': None, 'kind': 'for'})
        return i

    def feat_main_stmts(self):
        """Random statements directly in a once-run block: OSR of loops in a function called once."""
        r = self.r
        f = self.fresh('blk')
        ctx = Ctx(mult=1)
        w = Writer(0)
        w.open('fun %s() {' % f)
        for _ in range(r.randint(2, 4)):
            self.st_let(ctx, w)
        H = r.randint(300, 3000)
        i = self.open_hot_for(ctx, w, H)
        self.stmts(ctx, w, r.randint(2, 6))
        vs = ctx.of('int', 'num', 'float', 'str', 'bool')
        if vs:
            self.gated_print(w, i, H, [self.pick(vs).name for _ in range(r.randint(1, 2))])
        ctx.loops.pop()
        ctx.pop()
        ctx.mult = 1
        ctx.print_ok = True
        w.close()
        self.st_print(ctx, w)
        w.close()
        self.items.append(w.text())
        self.main.line('%s()' % f)

    def feat_map(self):
        r = self.r
        mp, i = self.fresh('mp'), self.fresh('i')
        mw = self.main
        H = self.hot_count()
        mw.line('let %s = HashMap::new()' % mp)
        mw.open('for %s in 0..%d {' % (i, H))
        mw.line('let key = %s %% %d' % (i, r.randint(3, 12)))
        mw.line('if %s.contains_key(key) { %s[key] += %s } else { %s.insert(key, %s) }'
                % (mp, mp, i, mp, self.pick(['1', '0.5', '""'])))
        mw.close()
        mw.line('println(%s, %s.len())' % (mp, mp))
        mw.line('println(%s.keys(), %s.get(%d), %s.get(99))' % (mp, mp, r.randint(0, 3), mp))

    def feat_poly_args(self):
        """A function using only kind-agnostic operations (==, truthiness, || &&, type_of, arrays, str), hot
        with Ints, then called with nil, Bool, Str, Float, arrays -- and with kinds alternating in a hot loop."""
        r = self.r
        f = self.fresh('pa')
        a, b, t = self.fresh('a'), self.fresh('b'), self.fresh('r')
        w = Writer(0)
        w.open('fun %s(%s%s, %s) {' % (f, a, self.pick(['', ': i64']), b))
        w.line('let mut %s = 0' % t)
        tests = ['if %s == %s { %s += 1 }' % (a, b, t),
                 'if %s { %s += 2 }' % (a, t),
                 'if %s != nil && %s != nil { %s += 4 }' % (a, b, t),
                 'if (%s || %s) == (%s && %s) { %s += 8 }' % (a, b, a, b, t),
                 'if type_of(%s) == type_of(%s) { %s += 16 }' % (a, b, t),
                 'if [%s, %s][1] == %s { %s += 32 }' % (a, b, b, t),
                 'if %s == 0 { %s += 64 } else if %s == nil { %s += 128 }' % (a, t, a, t),
                 'if !%s { %s += 256 }' % (b, t),
                 'for k in 0..%d { if [%s, %s, k][k %% 3] == k { %s += 1 } }' % (r.randint(2, 6), a, b, t),
                 'if str(%s).len() > 1 { %s += 512 }' % (a, t)]
        for ln in r.sample(tests, r.randint(3, 7)):
            w.line(ln)
        w.line(self.pick([t, t, 'if %s > 300 { %s || %s } else { %s }' % (t, a, b, t)]))
        w.close()
        self.items.append(w.text())
        mw = self.main
        H = self.hot_count()
        s, i = self.fresh('s'), self.fresh('i')
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (i, H))
        mw.line('%s = (%s + str(%s(%s %% %d, %s %% %d)).len() + %s) %% 100003' % (s, s, f, i, r.randint(2, 9), i,
                                                                             r.randint(2, 9), i))
        mw.close()
        mw.line('println(%s)' % s)
        vals = ['nil', 'true', 'false', '"x"', '""', '0.0', '1.5', '[1]', '[]', '0', '7', '(-1)']
        for _ in range(r.randint(2, 6)):
            mw.line('println(%s(%s, %s))' % (f, self.pick(vals), self.pick(vals)))
        if self.chance(0.7):
            j = self.fresh('j')
            n = r.randint(50, 1500)
            mw.open('for %s in 0..%d {' % (j, n))
            x = self.pick(['if %s %% %d == 0 { nil } else { %s }' % (j, r.randint(2, 9), j),
                           'if %s %% %d == 0 { %s as f64 } else { %s }' % (j, r.randint(2, 9), j, j),
                           'if %s > %d { "s" } else { %s %% 3 }' % (j, r.randint(0, n), j),
                           'if %s %% 2 == 0 { true } else { %s }' % (j, j)])
            mw.line('%s = (%s + str(%s(%s, %s)).len()) %% 100003' % (s, s, f, x, self.pick(['1', 'nil', j, '"x"'])))
            mw.close()
            mw.line('println(%s)' % s)

    def feat_osr_kinds(self):
        """A function called once whose long loop is entered by OSR with locals of every kind live, some of
        which change kind inside the loop."""
        r = self.r
        f = self.fresh('osr')
        N = r.randint(300, 3000)
        ctx = Ctx(mult=1)
        w = Writer(0)
        w.open('fun %s(n%s) {' % (f, self.pick(['', ': i64'])))
        ctx.push()
        ctx.add(Var('n', 'int', N, ro=True))
        for kind in r.sample(['int', 'float', 'str', 'bool', 'opt', 'any', 'any', 'opt', 'arr_int', 'num'],
                             r.randint(3, 7)):
            name = self.fresh('v')
            if kind in ('int', 'num', 'opt'):
                m = self.mod()
                e = self.int_expr(ctx, 2, m)[0] if kind != 'opt' else self.pick(['nil', '0', str(r.randint(1, 9))])
                w.line('let mut %s = %s' % (name, e))
                ctx.add(Var(name, kind, m))
            elif kind == 'arr_int':
                w.line('let %s = [%s]' % (name, ', '.join(str(r.randint(0, 99)) for _ in range(r.randint(1, 6)))))
                ctx.add(Var(name, 'arr_int', 2 * 10**6, info={'len': 6}))
            else:
                w.line('let mut %s = %s' % (name, self.any_expr(ctx, 1, kind)))
                ctx.add(Var(name, kind))
        if self.chance(0.6):
            g = self.fresh('g')
            m = self.mod()
            kk = r.randint(1, 9)
            w.line('let %s = |x| (x * %d + %d) %% %d' % (g, kk, r.randint(0, 9), m))
            ctx.add(Var(g, 'clo', m, info={'arity': 1}))
        i = self.fresh('i')
        loop = self.pick(['for', 'while', 'loop'])
        if loop == 'for':
            w.open('for %s in 0..n {' % i)
        elif loop == 'while':
            w.line('let mut %s = 0' % i)
            w.open('while %s < n { %s += 1' % (i, i))
        else:
            w.line('let mut %s = 0' % i)
            w.open('loop {')
            w.line('%s += 1' % i)
            w.line('if %s > n { break }' % i)
        ctx.push()
        ctx.add(Var(i, 'int', N + 1, ro=True))
        ctx.mult = N
        ctx.print_ok = False
        ctx.loops.append({'label': None, 'kind': loop})
        self.stmts(ctx, w, r.randint(3, 7))
        vs = [v for v in ctx.all() if v.kind in ('int', 'float', 'str', 'bool', 'opt', 'any', 'num')]
        self.gated_print(w, i, N, [self.pick(vs).name for _ in range(2)])
        ctx.loops.pop()
        ctx.pop()
        ctx.mult = 1
        ctx.print_ok = True
        w.close()
        vs = [v.name if v.info.get('len', 0) <= 60 else v.name + '.len()' for v in ctx.all()
              if v.kind in ('int', 'float', 'str', 'bool', 'opt', 'any', 'num', 'arr_int') and v.name != 'n']
        w.line('println(%s)' % ', '.join(vs))
        w.close()
        self.items.append(w.text())
        self.main.line('%s(%d)' % (f, N))
        if self.chance(0.5):
            self.main.line('%s(%d)' % (f, r.randint(0, 40)))

    def feat_toplevel(self):
        """Statements and a hot loop at the top level, where every `let` is a global."""
        r = self.r
        ctx = Ctx(mult=1)
        w = Writer(0)
        for _ in range(r.randint(1, 3)):
            self.st_let(ctx, w)
        N = r.randint(200, 2000)
        i = self.open_hot_for(ctx, w, N)
        self.stmts(ctx, w, r.randint(2, 5))
        ctx.loops.pop()
        ctx.pop()
        ctx.mult = 1
        ctx.print_ok = True
        w.close()
        self.st_print(ctx, w)
        self.items.append(w.text())

    def feat_side_effect(self):
        """Statements with a side effect (a counter, a push, a method) before an operand whose kind
        changes later: a deopt that re-runs the statement must not repeat the side effect."""
        r = self.r
        cnt, tick, f, log = self.fresh('SE'), self.fresh('tick'), self.fresh('se'), self.fresh('log')
        self.globals.append('let mut %s = 0' % cnt)
        w = Writer(0)
        w.open('fun %s(d) {' % tick)
        w.line('%s += 1' % cnt)
        w.line('d')
        w.close()
        xs, n, t, i, lg = self.fresh('xs'), self.fresh('n'), self.fresh('t'), self.fresh('i'), self.fresh('lg')
        w.open('fun %s(%s, %s, %s) {' % (f, xs, n, lg))
        w.line('let mut %s = 0' % t)
        w.open('for %s in 0..%s {' % (i, n))
        x = '%s[%s %% %s.len()]' % (xs, i, xs)
        forms = ['%s = %s + %s(1) + %s' % (t, t, tick, x),
                 '%s = %s + %s * %s(%d)' % (t, t, x, tick, r.randint(1, 3)),
                 '%s = %s + %s(%s) + %s(%d)' % (t, t, tick, x, tick, r.randint(0, 3)),
                 '%s[%s %% %s.len()] = %s + %s(0)' % (xs, i, xs, x, tick),
                 '%s = %s + (%s(%s) || 0) + %s' % (t, t, tick, i, x)]
        for ln in r.sample(forms, r.randint(1, 3)):
            w.line(ln)
        if self.chance(0.5):
            w.line('%s.push(%s(%s))' % (lg, tick, x))
        w.close()
        w.line(t)
        w.close()
        self.items.append(w.text())
        mw = self.main
        a, s, j = self.fresh('arr'), self.fresh('s'), self.fresh('j')
        L = r.randint(3, 12)
        mw.line('let %s = [%s]' % (a, ', '.join(str(r.randint(0, 20)) for _ in range(L))))
        mw.line('let %s = []' % log)
        H = self.hot_count(100, 800)
        n_ = r.randint(2, 12)
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (j, H))
        mw.line('%s = (%s + %s(%s, %d, %s)) %% 1000003' % (s, s, f, a, n_, log))
        mw.line('while %s.len() > 20 { %s.pop() }' % (log, log))
        mw.close()
        mw.line('println(%s, %s, %s.len())' % (s, cnt, log))
        pos = r.randint(0, L - 1)
        mw.line('%s[%d] = %s' % (a, pos, self.pick(['0.5', '"s"', '2.5', '(-0.25)', '1e18'])))
        for _ in range(r.randint(1, 3)):
            mw.line('println(%s(%s, %d, %s), %s, %s.len())' % (f, a, r.randint(1, 2 * L), log, cnt, log))
        if self.chance(0.5):
            k = r.randint(1, 200)
            mw.line('for %s in 0..%d { %s = %s(%s, 3, %s) }' % (j, k, s, f, a, log))
            mw.line('println(%s, %s)' % (s, cnt))

    def feat_alias(self):
        """Loads a compiler may wrongly hoist out of a loop: a length that grows, a global that a callee
        sets, an array reached through two names, a captured variable the loop writes."""
        r = self.r
        kind = self.pick(['len', 'global', 'array', 'capture', 'field'])
        mw = self.main
        w = Writer(0)
        m = self.mod()
        H = self.hot_count(100, 1500)
        f = self.fresh('al')
        s, j = self.fresh('s'), self.fresh('j')
        if kind == 'len':
            w.open('fun %s(xs, n) {' % f)
            w.line('let mut i = 0')
            w.line('let mut t = 0')
            w.open('while i < xs.len() {')
            w.line('t = (t + xs[i] * (i + 1)) %% %d' % m)
            w.line('if xs.len() < n { xs.push(i %s 3) }' % self.pick(['*', '+', '^']))
            w.line('i += 1')
            w.close()
            w.line('t + xs.len()')
            w.close()
            call = '%s([%d, %d], %s %% %d)' % (f, r.randint(0, 9), r.randint(0, 9), j, r.randint(5, 30))
            later = '%s([1.5, 2], 12)' % f
        elif kind == 'global':
            g, setg = self.fresh('AG'), self.fresh('setg')
            self.globals.append('let mut %s = %d' % (g, r.randint(0, 9)))
            w.open('fun %s(v) {' % setg)
            w.line('%s = v' % g)
            w.close()
            w.open('fun %s(n) {' % f)
            w.line('let mut t = 0')
            w.open('for i in 0..n {')
            w.line('t = (t + %s) %% %d' % (g, m))
            w.line('if i %% %d == 0 { %s((%s + 1) %% 100) }' % (r.randint(2, 5), setg, g))
            w.close()
            w.line('t')
            w.close()
            call = '%s(%s %% 20)' % (f, j)
            later = '%s(7)' % f
            pre_later = '%s(%s + 0.5)' % (setg, g)
        elif kind == 'array':
            w.open('fun %s(a, b, n) {' % f)
            w.line('let mut t = 0')
            w.open('for i in 0..n {')
            w.line('a[0] = (a[0] + 1) %% %d' % m)
            w.line('t = (t + b[0] + a[i %% a.len()]) %% %d' % m)
            w.close()
            w.line('t')
            w.close()
            x, y = self.fresh('x'), self.fresh('y')
            mw.line('let %s = [1, 2, 3]' % x)
            mw.line('let %s = %s' % (y, self.pick(['[1, 2, 3]', x, '%s.clone()' % x])))
            call = '%s(%s, %s, %s %% 9) + %s(%s, %s, 3)' % (f, x, y, j, f, x, x)
            later = '%s(%s, [0.5], 4)' % (f, x)
        elif kind == 'capture':
            k, get = self.fresh('k'), self.fresh('get')
            mw.line('let mut %s = 0' % k)
            mw.line('let %s = || %s * 2' % (get, k))
            w.open('fun %s(g, n) {' % f)
            w.line('let mut t = 0')
            w.line('for i in 0..n { t = (t + g()) %% %d }' % m)
            w.line('t')
            w.close()
            call = '%s(%s, 3) + %s()' % (f, get, get)
            mw.line('let mut %s = 0' % s)
            mw.open('for %s in 0..%d {' % (j, H))
            mw.line('%s = %s %% 50' % (k, j))
            mw.line('%s = (%s + %s) %% 1000003' % (s, s, call))
            mw.close()
            mw.line('println(%s, %s)' % (s, k))
            mw.line('%s = 0.5' % k)
            mw.line('println(%s(%s, 4))' % (f, get))
            self.items.append(w.text())
            return
        else:
            S = self.fresh('Al')
            w.line('struct %s { v: i64, w: i64 }' % S)
            w.open('fun %s(p, q, n) {' % f)
            w.line('let mut t = 0')
            w.open('for i in 0..n {')
            w.line('p.v = (p.v + i) %% %d' % m)
            w.line('t = (t + q.v + p.w) %% %d' % m)
            w.close()
            w.line('t')
            w.close()
            x = self.fresh('x')
            mw.line('let %s = %s { v: 1, w: 2 }' % (x, S))
            call = '%s(%s, %s, %s %% 7) + %s(%s, %s { v: 3, w: 4 }, 2)' % (f, x, x, j, f, x, S)
            later = '%s(%s, %s { v: 0.5, w: 1 }, 3) + %s.v' % (f, x, S, x)
        self.items.append(w.text())
        mw.line('let mut %s = 0' % s)
        mw.line('for %s in 0..%d { %s = (%s + %s) %% 1000003 }' % (j, H, s, s, call))
        mw.line('println(%s)' % s)
        if kind == 'global' and self.chance(0.7):
            mw.line(pre_later)
        mw.line('println(%s)' % later)

    def feat_inline_deopt(self):
        """A small helper (inlined into its hot caller by Tier 2) whose speculation fails when the outer
        function's arguments change kind; phases alternate between kinds many times (max deopts)."""
        r = self.r
        h, f = self.fresh('small'), self.fresh('outer')
        m = self.mod()
        w = Writer(0)
        a, b = self.fresh('a'), self.fresh('b')
        body = self.pick(['%s + %s' % (a, b), '%s * 2 + %s' % (a, b), 'if %s > %s { %s - %s } else { %s + 1 }'
                          % (a, b, a, b, b), '%s %% 7 + %s' % (a, b), 'max(%s, %s) - min(%s, %s)' % (a, b, a, b)])
        w.open('fun %s(%s, %s) {' % (h, a, b))
        w.line(body)
        w.close()
        x, y, t, i = self.fresh('x'), self.fresh('y'), self.fresh('t'), self.fresh('i')
        w.open('fun %s(%s, %s%s) {' % (f, x, y, self.pick(['', ': i64'])))
        w.line('let mut %s = 0' % t)
        w.open('for %s in 0..%d {' % (i, r.randint(3, 12)))
        w.line(self.pick(['%s = %s(%s, %s) %% %d' % (t, h, t, x, m),
                          '%s = (%s + %s(%s, %s + %s)) %% %d' % (t, t, h, x, y, i, m),
                          '%s = %s(%s(%s, %s), %s) %% %d' % (t, h, h, t, i, x, m)]))
        w.close()
        w.line('%s + %s' % (t, y))
        w.close()
        self.items.append(w.text())
        mw = self.main
        s, j = self.fresh('s'), self.fresh('j')
        mw.line('let mut %s = 0' % s)
        phases = r.randint(2, 6)
        for ph in range(phases):
            n = r.randint(20, 600)
            arg = self.pick(['%s %% 100' % j, '%s as f64 * 0.5' % j, '%s %% 9' % j, '0.25', '(%s %% 5) as f64' % j])
            mw.line('for %s in 0..%d { %s = (%s + %s(%s, %s %% 10)) %% 1000003 }' % (j, n, s, s, f, arg, j))
            mw.line('println(%s)' % s)

    def feat_sigs(self):
        """One function called hot under many argument-kind signatures (more than --jit-max-specs)."""
        r = self.r
        f = self.fresh('sig')
        a, b = self.fresh('a'), self.fresh('b')
        w = Writer(0)
        w.open('fun %s(%s, %s) {' % (f, a, b))
        w.line(self.pick(['let c = %s + %s' % (a, b), 'let c = %s + %s' % (b, a), 'let c = [%s, %s]' % (a, b)]))
        w.line(self.pick(['if %s == %s { c } else { [c, %s] }' % (a, b, a), 'str(c).len()', 'c']))
        w.close()
        self.items.append(w.text())
        mw = self.main
        sigs = [('%s', '1'), ('%s as f64', '2'), ('%s', '0.5'), ('%s as f64', '1.5'), ('"s" + %s', '"t"'),
                ('%s', '"u"'), ('"v"', '%s'), ('[%s]', '[1]'), ('%s', '%s')]
        s, j = self.fresh('s'), self.fresh('j')
        mw.line('let mut %s = ""' % s)
        for (x, y) in r.sample(sigs, r.randint(4, 8)):
            n = r.randint(50, 400)
            xx = x % j if '%s' in x else x
            yy = y % j if '%s' in y else y
            mw.line('for %s in 0..%d { %s = %s(%s, %s) }' % (j, n, s, f, xx, yy))
            mw.line('println(%s)' % s)
        mw.line('println(%s(1, 2), %s(1.5, 2), %s("a", 2))' % (f, f, f))

    def feat_shapes(self):
        """Structs with the same field names in different orders and kinds, read through one function and
        same-named methods: field offsets and method dispatch must follow the receiver's struct."""
        r = self.r
        A, B, C = self.fresh('ShA'), self.fresh('ShB'), self.fresh('ShC')
        f, g = self.fresh('rd'), self.fresh('wr')
        w = Writer(0)
        w.line('struct %s { x: i64, y: i64 }' % A)
        w.line('struct %s { y: f64, tag: String, x: i64 }' % B)
        w.line('struct %s { items: Vec<i64>, x: i64, y: i64 = 7 }' % C)
        w.open('impl %s {' % A)
        w.line('fun get(&self) { self.x * 10 + self.y }')
        w.line('fun bump(&mut self, d) { self.x += d }')
        w.close()
        w.open('impl %s {' % B)
        w.line('fun get(&self) { self.x + self.y }')
        w.line('fun bump(&mut self, d) { self.y = self.y + d }')
        w.close()
        w.open('impl %s {' % C)
        w.line('fun get(&self) { self.items.len() + self.x }')
        w.line('fun bump(&mut self, d) { self.items.push(d); if self.items.len() > 5 { self.items.remove(0) } }')
        w.close()
        w.open('fun %s(p) {' % f)
        w.line('p.x + p.y + p.get()')
        w.close()
        w.open('fun %s(p, v) {' % g)
        w.line('p.x = v')
        w.line('p.bump(1)')
        w.line('p.x')
        w.close()
        self.items.append(w.text())
        mw = self.main
        a, b, c, s, j = self.fresh('a'), self.fresh('b'), self.fresh('c'), self.fresh('s'), self.fresh('j')
        mw.line('let %s = %s { x: 1, y: 2 }' % (a, A))
        mw.line('let %s = %s { y: 0.5, tag: "b", x: 3 }' % (b, B))
        mw.line('let %s = %s { items: [1, 2], x: 4 }' % (c, C))
        mw.line('let mut %s = 0' % s)
        objs = [a, b, c]
        first = self.pick(objs)
        H = self.hot_count(200, 1500)
        mw.line('for %s in 0..%d { %s = (%s + %s(%s) + %s(%s, %s %% 10)) %% 1000003 }' % (j, H, s, s, f, first, g,
                                                                                      first, j))
        mw.line('println(%s, %s)' % (s, first))
        arr = self.fresh('objs')
        mw.line('let %s = [%s]' % (arr, ', '.join(r.sample(objs, 3))))
        mw.line('for %s in 0..%d { %s = %s + %s(%s[%s %% 3]) + %s(%s[%s %% 3], %s %% 4) }'
                % (j, r.randint(10, 300), s, s, f, arr, j, g, arr, j, j))
        mw.line('println(%s, %s, %s, %s)' % (s, a, b, c))

    def feat_shadow(self):
        """The same name bound again in nested blocks with other kinds, tuples destructured in hot loops,
        match on tuples and strings."""
        r = self.r
        f = self.fresh('sh')
        m = self.mod()
        w = Writer(0)
        x, t, i = self.fresh('x'), self.fresh('t'), self.fresh('i')
        w.open('fun %s(n) {' % f)
        w.line('let %s = n' % x)
        w.line('let mut %s = 0' % t)
        w.open('for %s in 0..%d {' % (i, r.randint(3, 20)))
        w.line('let (q, rr) = (%s %% 3, %s)' % (i, self.pick(['"s"', '%s * 0.5' % i, '[%s]' % i, 'nil'])))
        w.open('if q == %d {' % r.randint(0, 2))
        w.line('let %s = %s' % (x, self.pick(['2.5', '"in"', 'q + 100', '[q]'])))
        w.line('%s = (%s + str(%s).len()) %% %d' % (t, t, x, m))
        w.close()
        w.line('let %s = %s + %s' % (x, x, self.pick(['1', 'q', '0.5'])))
        w.line('%s = %s + match (q, %s > 1) { (0, true) => 1, (1, _) => 2, (_, false) => 3, _ => 4 }' % (t, t, x))
        w.line('%s = %s + match str(rr) { "nil" => 10, "s" => 20, _ => 0 }' % (t, t))
        w.line('%s = (%s + (%s as i64) %% 100) %% %d' % (t, t, x, m))
        w.close()
        w.line('(%s, %s)' % (t, x))
        w.close()
        self.items.append(w.text())
        mw = self.main
        s, j = self.fresh('s'), self.fresh('j')
        H = self.hot_count(100, 1500)
        mw.line('let mut %s = 0' % s)
        mw.open('for %s in 0..%d {' % (j, H))
        mw.line('let (a, b) = %s(%s %% 17)' % (f, j))
        mw.line('%s = (%s + a + (b as i64)) %% 1000003' % (s, s))
        mw.close()
        mw.line('println(%s, %s(3), %s(2.5))' % (s, f, f))

    FEATURES = [('numeric_fn', 4), ('int_helper', 2), ('dyn_fn', 3), ('drift', 3), ('array', 4), ('matrix', 2),
                ('recursion', 2), ('closure', 3), ('struct', 2), ('overflow', 3), ('strings', 2), ('control', 3),
                ('globals', 1), ('bits', 1), ('hot_generic', 3), ('main_stmts', 3), ('map', 1), ('poly_args', 3),
                ('osr_kinds', 4), ('toplevel', 1), ('side_effect', 3), ('alias', 2), ('inline_deopt', 3),
                ('sigs', 2), ('shapes', 2), ('shadow', 2)]

    def program(self):
        self.want_hazard = self.chance(HAZARD_RATE)
        feats = [self.wpick(self.FEATURES) for _ in range(self.size)]
        if self.want_hazard:
            # make sure some feature can plant it: hazards are planted by features that support one
            pass
        for ft in feats:
            self.features.append(ft)
            getattr(self, 'feat_' + ft)()
        out = ['// fuzz program: seed %d, size %d; features: %s%s' % (
            self.seed, self.size, ' '.join(self.features), ('; hazard: ' + self.hazard) if self.hazard else '')]
        out += self.globals
        if self.globals:
            out.append('')
        for it in self.items:
            out.append(it)
            out.append('')
        out.append('fun main() {')
        out += self.main.lines
        out.append('}')
        return '\n'.join(out) + '\n'


def generate(seed, size=None):
    return Gen(seed, size).program()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--size', type=int, default=None, help='number of features (default: 4-8, from the seed)')
    a = ap.parse_args()
    sys.stdout.write(generate(a.seed, a.size))


if __name__ == '__main__':
    main()
