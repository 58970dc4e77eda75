//===- frontend/PrettyPrinter.cpp - The syntax tree as Ruchy source ------===//
//
// printProgram (Frontend.h) writes a program back as Ruchy source that
// parses to the same tree and prints the same output: what `ruchy-jit
// optimize` shows after the AST passes. Items come first (functions,
// structs with their methods in one `impl`; all are hoisted, so order does
// not matter), then the top-level statements in order. Operators are
// parenthesized only where precedence needs it. Type annotations mean
// nothing at run time and are not kept by the parser: parameters come out
// untyped, struct fields as `name: _`.
//
//===----------------------------------------------------------------------===//
#include "frontend/Frontend.h"
#include "frontend/SourceText.h"

#include "frontend/AstWalk.h"
#include "runtime/Operations.h"

#include <cmath>
#include <string_view>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ruchy {

using namespace ast;

namespace {

/// Binding powers, loosest first, as the parser's table (ParseExpr.cpp).
enum Prec : int {
  PrecAssign = 1,
  PrecOr,
  PrecAnd,
  PrecBitOr,
  PrecBitXor,
  PrecBitAnd,
  PrecRange,
  PrecEquality,
  PrecCompare,
  PrecShift,
  PrecAdd,
  PrecMul,
  PrecPow,
  PrecUnary,
  PrecPostfix,
};

int binaryPrec(BinaryOp Op) {
  switch (Op) {
  case BinaryOp::Add: case BinaryOp::Sub: return PrecAdd;
  case BinaryOp::Mul: case BinaryOp::Div: case BinaryOp::Rem: return PrecMul;
  case BinaryOp::Pow: return PrecPow;
  case BinaryOp::Eq: case BinaryOp::Ne: return PrecEquality;
  case BinaryOp::Lt: case BinaryOp::Le: case BinaryOp::Gt: case BinaryOp::Ge: return PrecCompare;
  case BinaryOp::BitAnd: return PrecBitAnd;
  case BinaryOp::BitOr: return PrecBitOr;
  case BinaryOp::BitXor: return PrecBitXor;
  case BinaryOp::Shl: case BinaryOp::Shr: return PrecShift;
  }
  return PrecAdd;
}

/// How tightly E binds as an operand.
int precOf(const Expr *E) {
  switch (E->K) {
  case ExprKind::Assign: return PrecAssign;
  case ExprKind::Logical: return static_cast<const Logical *>(E)->IsAnd ? PrecAnd : PrecOr;
  case ExprKind::RangeExpr: return PrecRange;
  case ExprKind::Binary: return binaryPrec(static_cast<const Binary *>(E)->Op);
  case ExprKind::Unary: return PrecUnary;
  case ExprKind::IntLit: return static_cast<const IntLit *>(E)->V < 0 ? PrecUnary : PrecPostfix;
  case ExprKind::FloatLit:
    return std::signbit(static_cast<const FloatLit *>(E)->V) ? PrecUnary : PrecPostfix;
  case ExprKind::Cast: return PrecUnary; // `-x as T` is `-(x as T)`
  // Closures, returns and breaks take everything to their right.
  case ExprKind::Closure: case ExprKind::Return: case ExprKind::Break: return PrecAssign;
  default: return PrecPostfix;
  }
}

bool isBlockLike(const Expr *E) {
  switch (E->K) {
  case ExprKind::If: case ExprKind::While: case ExprKind::Loop: case ExprKind::For:
  case ExprKind::Match: case ExprKind::Block:
    return true;
  default:
    return false;
  }
}

const char *MacroNames[] = {"println!", "print!", "eprintln!", "eprint!", "format!",
                            "panic!",   "assert!", "assert_eq!", "dbg!"};

class Printer {
public:
  std::string Out;

  void program(const Program &P) {
    for (const FunctionDecl *F : P.Functions) {
      function(F, "fun ");
      Out += "\n\n";
    }
    types(P.Structs, P.Impls, /*Nested=*/false);
    size_t PrevStart = 0, PrevEnd = std::string::npos;
    if (P.TopLevel)
      for (const Expr *E : P.TopLevel->Stmts)
        if (E->K != ExprKind::Item) {
          size_t Start = Out.size();
          stmt(E);
          PrevStart = Start + (separate(PrevStart, PrevEnd, Start) ? 1 : 0);
          PrevEnd = Out.size();
          Out += '\n';
        }
    while (Out.size() >= 2 && Out[Out.size() - 1] == '\n' && Out[Out.size() - 2] == '\n')
      Out.pop_back();
  }

private:
  int Indent = 0;

  void newline() {
    Out += '\n';
    Out.append(static_cast<size_t>(Indent) * 4, ' ');
  }

  void function(const FunctionDecl *F, const char *Keyword) {
    Out += Keyword;
    Out += F->Name;
    Out += '(';
    params(F);
    Out += ") ";
    block(F->Body);
  }

  void params(const FunctionDecl *F) {
    for (size_t I = 0; I < F->Params.size(); ++I) {
      if (I)
        Out += ", ";
      pattern(F->Params[I].Pat);
    }
  }

  /// Structs, each followed by one `impl` with all its methods (from its
  /// body and from every impl of it), then impls of undeclared types.
  void types(const std::vector<StructDecl *> &Structs, const std::vector<ImplDecl *> &Impls,
             bool Nested) {
    bool First = true;
    // Top level: each item followed by a blank line. In a block: items on
    // lines of their own (the block starts the first one's line).
    auto Before = [&] {
      if (Nested && !First)
        newline();
      First = false;
    };
    auto After = [&] {
      if (!Nested)
        Out += "\n\n";
    };
    std::set<std::string> Names;
    for (const StructDecl *S : Structs) {
      std::vector<FunctionDecl *> Methods = S->Methods;
      for (const ImplDecl *I : Impls)
        if (I->TypeName == S->Name)
          for (FunctionDecl *M : I->Methods)
            if (std::find(Methods.begin(), Methods.end(), M) == Methods.end())
              Methods.push_back(M);
      Before();
      structDecl(S, Methods);
      Names.insert(S->Name);
      After();
    }
    for (const ImplDecl *I : Impls)
      if (!Names.count(I->TypeName)) {
        Before();
        impl(I->TypeName, I->Methods);
        After();
      }
  }

  void structDecl(const StructDecl *S, const std::vector<FunctionDecl *> &Methods) {
    Out += "struct " + S->Name + " {";
    ++Indent;
    for (const FieldDecl &F : S->Fields) {
      newline();
      Out += F.Name + ": _";
      if (F.Default) {
        Out += " = ";
        expr(F.Default, PrecAssign);
      }
      Out += ',';
    }
    --Indent;
    if (!S->Fields.empty())
      newline();
    Out += '}';
    if (!Methods.empty()) {
      Out += "\n";
      newline();
      impl(S->Name, Methods);
    }
  }

  void impl(const std::string &Name, const std::vector<FunctionDecl *> &Methods) {
    Out += "impl " + Name + " {";
    ++Indent;
    for (const FunctionDecl *F : Methods) {
      newline();
      function(F, "fun ");
    }
    --Indent;
    newline();
    Out += '}';
  }

  void pattern(const Pattern *P) {
    switch (P->K) {
    case PatternKind::Wildcard: Out += '_'; return;
    case PatternKind::Binding: Out += P->Name; return;
    case PatternKind::Literal: expr(P->Lit, PrecUnary); return;
    case PatternKind::Range:
      expr(P->Lo, PrecUnary);
      Out += P->Inclusive ? "..=" : "..";
      expr(P->Hi, PrecUnary);
      return;
    case PatternKind::Tuple:
      Out += '(';
      for (size_t I = 0; I < P->Subs.size(); ++I) {
        if (I)
          Out += ", ";
        pattern(P->Subs[I]);
      }
      Out += P->Subs.size() == 1 ? ",)" : ")";
      return;
    case PatternKind::Or:
      for (size_t I = 0; I < P->Subs.size(); ++I) {
        if (I)
          Out += " | ";
        pattern(P->Subs[I]);
      }
      return;
    }
  }

  void args(const std::vector<Expr *> &Es) {
    for (size_t I = 0; I < Es.size(); ++I) {
      if (I)
        Out += ", ";
      expr(Es[I], PrecAssign);
    }
  }

  void pieces(const std::vector<FormatPiece> &Ps, bool FStr) {
    Out += FStr ? "f\"" : "\"";
    for (const FormatPiece &P : Ps) {
      if (!P.Hole) {
        std::string Q = quoteString(P.Text);
        for (char C : Q.substr(1, Q.size() - 2)) {
          if (C == '{' || C == '}')
            Out += C; // doubled: a literal brace
          Out += C;
        }
        continue;
      }
      Out += '{';
      if (P.Arg)
        expr(P.Arg, PrecAssign);
      else if (P.ArgIndex >= 0)
        Out += std::to_string(P.ArgIndex);
      if (P.HasSpec)
        Out += formatSpecText(P.Spec);
      Out += '}';
    }
    Out += '"';
  }

  void label(const LoopExpr *L) {
    if (!L->Label.empty())
      Out += "'" + L->Label + ": ";
  }

  /// A statement: an expression on its own line; block-like expressions
  /// that are not the last statement end it by themselves.
  void stmt(const Expr *E) { expr(E, PrecAssign); }

  /// After a statement that ends at PrevEnd, the one just printed from
  /// Start: if it begins with a binary operator (`-1`, a closure's `|`,
  /// `..n`), `(` or `[`, reading it back would continue the previous line
  /// (LANGUAGE.md §2: `let x` then `-1` is `let x - 1`; after `let x`, `(`
  /// reads as a pattern's arguments), so the previous statement gets a `;`;
  /// so does one before a block statement (`let h = P` then `{ m }` reads
  /// back as the struct literal `P { m }`).
  /// The same for a previous statement that is just a name the parser reads
  /// as the start of an item when an identifier follows (`type` then `p`
  /// is `type p ...`, an ignored type alias), and for one that ends with an
  /// open range (`let b = 2..` then `x` is `2..x`).
  /// Returns whether it inserted the `;` (the statement moved by one).
  bool separate(size_t PrevStart, size_t PrevEnd, size_t Start) {
    if (PrevEnd == std::string::npos || Start >= Out.size())
      return false;
    std::string_view Prev(Out.data() + PrevStart, PrevEnd - PrevStart);
    if (std::string_view("-+*/%&|^<>=.([{").find(Out[Start]) != std::string_view::npos ||
        Prev == "type" || Prev == "mod" || Prev == "unsafe" || Prev == "async" ||
        Prev == "extern" || (Prev.size() >= 2 && Prev.substr(Prev.size() - 2) == "..")) {
      Out.insert(PrevEnd, 1, ';');
      return true;
    }
    return false;
  }

  void block(const Block *B) {
    Out += '{';
    ++Indent;
    for (const FunctionDecl *F : B->Functions) {
      newline();
      function(F, "fun ");
    }
    if (!B->Structs.empty() || !B->Impls.empty()) {
      newline();
      types(B->Structs, B->Impls, /*Nested=*/true);
    }
    size_t PrevStart = 0, PrevEnd = std::string::npos;
    for (const Expr *S : B->Stmts) {
      if (S->K == ExprKind::Item)
        continue;
      newline();
      size_t Start = Out.size();
      stmt(S);
      PrevStart = Start + (separate(PrevStart, PrevEnd, Start) ? 1 : 0);
      PrevEnd = Out.size();
    }
    // A block whose last statement is an item (a nested fun or struct,
    // printed at the top) has the value nil: without it the statement
    // before would become the value.
    if (!B->Stmts.empty() && B->Stmts.back()->K == ExprKind::Item && PrevEnd != std::string::npos) {
      newline();
      Out += "nil";
    }
    --Indent;
    if (!B->Stmts.empty() || !B->Functions.empty() || !B->Structs.empty() || !B->Impls.empty())
      newline();
    Out += '}';
  }

  /// The operand before `.name`, `.0` or `.method()`: a number literal
  /// gets parentheses, since `6` then `.5` would read back as `6.5`.
  void receiver(const Expr *Obj) {
    if (Obj->K == ExprKind::IntLit || Obj->K == ExprKind::FloatLit) {
      Out += '(';
      expr(Obj, PrecAssign);
      Out += ')';
      return;
    }
    expr(Obj, PrecPostfix);
  }

  /// E where an operand binding at least as tightly as Min is needed.
  void expr(const Expr *E, int Min) {
    // A block-like operand (`{ ... } + 1`) would end its statement at the
    // `}` when it starts one: operands of operators and postfixes get
    // parentheses.
    bool Paren = precOf(E) < Min || (Min > PrecAssign && isBlockLike(E));
    if (Paren)
      Out += '(';
    bare(E);
    if (Paren)
      Out += ')';
  }

  /// The head of `if`/`while`/`for`/`match`: a struct literal there would
  /// be read as the body, so such a head is parenthesized.
  void head(const Expr *E) {
    bool HasStruct = false;
    forEachExpr(const_cast<Expr *>(E), [&](Expr *X) { HasStruct |= X->K == ExprKind::StructLit; });
    if (HasStruct)
      Out += '(';
    expr(E, PrecAssign);
    if (HasStruct)
      Out += ')';
  }

  void bare(const Expr *E) {
    switch (E->K) {
    case ExprKind::IntLit: {
      int64_t V = static_cast<const IntLit *>(E)->V;
      Out += V == INT64_MIN ? "-9223372036854775807 - 1" : std::to_string(V);
      return;
    }
    case ExprKind::FloatLit: {
      // A literal too large for a double (`7e308`) is infinite; Ruchy has
      // no name for infinity or NaN, so they are written as expressions
      // that make them.
      double V = static_cast<const FloatLit *>(E)->V;
      if (std::isnan(V))
        Out += "(0.0 / 0.0)";
      else if (std::isinf(V))
        Out += V > 0 ? "1e999" : "-1e999";
      else
        Out += floatText(V);
      return;
    }
    case ExprKind::StrLit:
      Out += quoteString(static_cast<const StrLit *>(E)->V);
      return;
    case ExprKind::BoolLit:
      Out += static_cast<const BoolLit *>(E)->V ? "true" : "false";
      return;
    case ExprKind::NilLit:
      Out += "nil";
      return;
    case ExprKind::FString:
      pieces(static_cast<const FString *>(E)->Pieces, /*FStr=*/true);
      return;
    case ExprKind::Ident:
      Out += static_cast<const Ident *>(E)->Name;
      return;
    case ExprKind::Path: {
      const auto *P = static_cast<const Path *>(E);
      for (size_t I = 0; I < P->Segments.size(); ++I)
        Out += (I ? "::" : "") + P->Segments[I];
      return;
    }
    case ExprKind::Unary: {
      const auto *U = static_cast<const Unary *>(E);
      Out += U->Op == UnaryOp::Neg ? "-" : "!";
      // `- -x`, not `--x`; and a negative literal operand in parentheses.
      if (U->Operand->K == ExprKind::Unary || precOf(U->Operand) < PrecPostfix) {
        Out += '(';
        bare(U->Operand);
        Out += ')';
      } else {
        bare(U->Operand);
      }
      return;
    }
    case ExprKind::Binary: {
      const auto *B = static_cast<const Binary *>(E);
      int P = binaryPrec(B->Op);
      // Left-associative but for `**`; comparisons do not chain.
      bool Right = B->Op == BinaryOp::Pow;
      bool NonAssoc = P == PrecEquality || P == PrecCompare;
      expr(B->L, Right || NonAssoc ? P + 1 : P);
      Out += fmt::format(" {} ", binaryOpSpelling(B->Op));
      expr(B->R, Right ? P : P + 1);
      return;
    }
    case ExprKind::Logical: {
      const auto *L = static_cast<const Logical *>(E);
      int P = L->IsAnd ? PrecAnd : PrecOr;
      expr(L->L, P);
      Out += L->IsAnd ? " && " : " || ";
      expr(L->R, P + 1);
      return;
    }
    case ExprKind::RangeExpr: {
      const auto *R = static_cast<const RangeExpr *>(E);
      if (R->Lo)
        expr(R->Lo, PrecRange + 1);
      Out += R->Inclusive ? "..=" : "..";
      if (R->Hi)
        expr(R->Hi, PrecRange + 1);
      return;
    }
    case ExprKind::Assign: {
      const auto *A = static_cast<const Assign *>(E);
      expr(A->Target, PrecUnary);
      Out += A->HasOp ? fmt::format(" {}= ", binaryOpSpelling(A->Op)) : " = ";
      expr(A->Val, PrecAssign);
      return;
    }
    case ExprKind::Call: {
      const auto *C = static_cast<const Call *>(E);
      // Calling a field's value is `(b.f)()`; `b.f()` would be a method call.
      if (C->Callee->K == ExprKind::Field || C->Callee->K == ExprKind::TupleIndex) {
        Out += '(';
        expr(C->Callee, PrecAssign);
        Out += ')';
      } else {
        expr(C->Callee, PrecPostfix);
      }
      Out += '(';
      args(C->Args);
      Out += ')';
      return;
    }
    case ExprKind::MethodCall: {
      const auto *M = static_cast<const MethodCall *>(E);
      receiver(M->Recv);
      Out += "." + M->Name + "(";
      args(M->Args);
      Out += ')';
      return;
    }
    case ExprKind::Field: {
      const auto *F = static_cast<const Field *>(E);
      receiver(F->Obj);
      Out += "." + F->Name;
      return;
    }
    case ExprKind::TupleIndex: {
      const auto *T = static_cast<const TupleIndex *>(E);
      receiver(T->Obj);
      Out += "." + std::to_string(T->Index);
      return;
    }
    case ExprKind::Index: {
      const auto *I = static_cast<const Index *>(E);
      expr(I->Obj, PrecPostfix);
      Out += '[';
      expr(I->Idx, PrecAssign);
      Out += ']';
      return;
    }
    case ExprKind::Cast: {
      const auto *C = static_cast<const Cast *>(E);
      expr(C->Operand, PrecPostfix);
      Out += " as " + C->TypeText;
      return;
    }
    case ExprKind::ArrayLit:
      Out += '[';
      args(static_cast<const ArrayLit *>(E)->Elems);
      Out += ']';
      return;
    case ExprKind::ArrayRepeat: {
      const auto *A = static_cast<const ArrayRepeat *>(E);
      Out += '[';
      expr(A->Elem, PrecAssign);
      Out += "; ";
      expr(A->Count, PrecAssign);
      Out += ']';
      return;
    }
    case ExprKind::TupleLit: {
      const auto *T = static_cast<const TupleLit *>(E);
      Out += '(';
      args(T->Elems);
      Out += T->Elems.size() == 1 ? ",)" : ")";
      return;
    }
    case ExprKind::MapLit: {
      const auto *M = static_cast<const MapLit *>(E);
      Out += '{';
      for (size_t I = 0; I < M->Keys.size(); ++I) {
        Out += I ? ", " : "";
        // A key is a literal, a name or a parenthesized tuple.
        bool Paren = M->Keys[I]->K != ExprKind::StrLit && M->Keys[I]->K != ExprKind::IntLit &&
                     M->Keys[I]->K != ExprKind::Ident && M->Keys[I]->K != ExprKind::TupleLit &&
                     M->Keys[I]->K != ExprKind::BoolLit && M->Keys[I]->K != ExprKind::FloatLit;
        if (Paren)
          Out += '(';
        expr(M->Keys[I], PrecAssign);
        if (Paren)
          Out += ')';
        Out += ": ";
        expr(M->Vals[I], PrecAssign);
      }
      Out += '}';
      return;
    }
    case ExprKind::StructLit: {
      const auto *S = static_cast<const StructLit *>(E);
      Out += S->Name + " {";
      for (size_t I = 0; I < S->FieldNames.size(); ++I) {
        Out += I ? ", " : " ";
        Out += S->FieldNames[I] + ": ";
        expr(S->FieldVals[I], PrecAssign);
      }
      Out += S->FieldNames.empty() ? "}" : " }";
      return;
    }
    case ExprKind::Block:
      block(static_cast<const Block *>(E));
      return;
    case ExprKind::If: {
      const auto *I = static_cast<const If *>(E);
      Out += "if ";
      head(I->Cond);
      Out += ' ';
      block(I->Then);
      if (I->Else) {
        Out += " else ";
        // `else` takes a block or an `if`; a pass may leave another
        // expression there (dce: `else if false { .. }` becomes nil).
        if (I->Else->K == ExprKind::Block || I->Else->K == ExprKind::If) {
          bare(I->Else);
        } else {
          Out += "{ ";
          expr(I->Else, PrecAssign);
          Out += " }";
        }
      }
      return;
    }
    case ExprKind::While: {
      const auto *W = static_cast<const While *>(E);
      label(W);
      Out += "while ";
      head(W->Cond);
      Out += ' ';
      block(W->Body);
      return;
    }
    case ExprKind::Loop: {
      const auto *L = static_cast<const Loop *>(E);
      label(L);
      Out += "loop ";
      block(L->Body);
      return;
    }
    case ExprKind::For: {
      const auto *F = static_cast<const For *>(E);
      label(F);
      Out += "for ";
      pattern(F->Pat);
      Out += " in ";
      head(F->Iterable);
      Out += ' ';
      block(F->Body);
      return;
    }
    case ExprKind::Break: {
      const auto *B = static_cast<const Break *>(E);
      Out += "break";
      if (!B->Label.empty())
        Out += " '" + B->Label;
      if (B->Val) {
        Out += ' ';
        expr(B->Val, PrecAssign);
      }
      return;
    }
    case ExprKind::Continue: {
      const auto *C = static_cast<const Continue *>(E);
      Out += "continue";
      if (!C->Label.empty())
        Out += " '" + C->Label;
      return;
    }
    case ExprKind::Return: {
      const auto *R = static_cast<const Return *>(E);
      Out += "return";
      if (R->Val) {
        Out += ' ';
        expr(R->Val, PrecAssign);
      }
      return;
    }
    case ExprKind::Match: {
      const auto *M = static_cast<const Match *>(E);
      Out += "match ";
      head(M->Scrutinee);
      Out += " {";
      ++Indent;
      for (const MatchArm &A : M->Arms) {
        newline();
        pattern(A.Pat);
        if (A.Guard) {
          Out += " if ";
          expr(A.Guard, PrecAssign);
        }
        Out += " => ";
        expr(A.Body, PrecAssign);
        Out += ',';
      }
      --Indent;
      newline();
      Out += '}';
      return;
    }
    case ExprKind::Closure: {
      const auto *C = static_cast<const ClosureExpr *>(E);
      Out += '|';
      params(C->Fn);
      Out += "| ";
      block(C->Fn->Body);
      return;
    }
    case ExprKind::Let: {
      const auto *L = static_cast<const Let *>(E);
      Out += L->IsConst ? "const " : "let ";
      pattern(L->Pat);
      if (L->Init) {
        Out += " = ";
        expr(L->Init, PrecAssign);
      }
      return;
    }
    case ExprKind::Macro: {
      const auto *M = static_cast<const Macro *>(E);
      Out += MacroNames[static_cast<int>(M->MK)];
      Out += '(';
      if (M->HasFormat) {
        pieces(M->Pieces, /*FStr=*/false);
        for (const Expr *A : M->Args) {
          Out += ", ";
          // An assignment as a value, `(x = v)`: without the parentheses
          // it would read back as the named argument x.
          if (A->K == ExprKind::Assign)
            Out += '(';
          expr(A, PrecAssign);
          if (A->K == ExprKind::Assign)
            Out += ')';
        }
      } else {
        args(M->Args);
      }
      Out += ')';
      return;
    }
    case ExprKind::Item:
      return;
    }
  }
};

} // namespace

std::string printProgram(const Program &P) {
  Printer Pr;
  Pr.program(P);
  return Pr.Out;
}

} // namespace ruchy
