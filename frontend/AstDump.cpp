//===- frontend/AstDump.cpp - The syntax tree as an S-expression ---------===//
//
// dumpAst (Frontend.h): one parenthesized form per node, operators and
// literal values spelled as in the source, so parser tests can compare
// shapes (`(** (neg 2) 2)`) and `--dump-ast` shows what the parser built.
// Blocks put each statement on its own indented line; everything else is
// inline. Resolver results are not shown: the dump is the parser's view.
//
//===----------------------------------------------------------------------===//

#include "frontend/Frontend.h"
#include "frontend/SourceText.h"

#include <fmt/format.h>

namespace ruchy {

using namespace ast;

namespace {


class Dumper {
public:
  std::string Out;

  void program(const Program &P) {
    Out += "(program";
    ++Indent;
    for (const FunctionDecl *F : P.Functions) {
      newline();
      function(F);
    }
    for (const StructDecl *S : P.Structs) {
      newline();
      structDecl(S);
    }
    for (const ImplDecl *I : P.Impls) {
      newline();
      impl(I);
    }
    if (P.TopLevel)
      for (const Expr *E : P.TopLevel->Stmts) {
        newline();
        expr(E);
      }
    --Indent;
    Out += ")\n";
  }

private:
  int Indent = 0;

  void newline() {
    Out += '\n';
    Out.append(static_cast<size_t>(Indent) * 2, ' ');
  }

  void function(const FunctionDecl *F) {
    Out += "(fn " + F->Name + " ";
    params(F);
    Out += ' ';
    expr(F->Body);
    Out += ')';
  }

  void params(const FunctionDecl *F) {
    Out += "(params";
    for (const Param &P : F->Params) {
      Out += ' ';
      pattern(P.Pat);
    }
    Out += ')';
  }

  void structDecl(const StructDecl *S) {
    Out += "(struct " + S->Name + " (fields";
    for (const FieldDecl &F : S->Fields) {
      if (F.Default) {
        Out += " (" + F.Name + " = ";
        expr(F.Default);
        Out += ')';
      } else {
        Out += " " + F.Name;
      }
    }
    Out += ')';
    if (!S->Methods.empty()) {
      ++Indent;
      newline();
      Out += "(methods";
      ++Indent;
      for (const FunctionDecl *F : S->Methods) {
        newline();
        function(F);
      }
      Indent -= 2;
      Out += ')';
    }
    Out += ')';
  }

  void impl(const ImplDecl *I) {
    Out += "(impl " + I->TypeName;
    ++Indent;
    for (const FunctionDecl *F : I->Methods) {
      newline();
      function(F);
    }
    --Indent;
    Out += ')';
  }

  void pattern(const Pattern *P) {
    if (!P) {
      Out += "<null>";
      return;
    }
    switch (P->K) {
    case PatternKind::Wildcard: Out += '_'; return;
    case PatternKind::Binding: Out += P->Name; return;
    case PatternKind::Literal: expr(P->Lit); return;
    case PatternKind::Range:
      Out += "(range ";
      expr(P->Lo);
      Out += P->Inclusive ? " ..= " : " .. ";
      expr(P->Hi);
      Out += ')';
      return;
    case PatternKind::Tuple:
    case PatternKind::Or:
      Out += P->K == PatternKind::Tuple ? "(ptuple" : "(or";
      for (const Pattern *S : P->Subs) {
        Out += ' ';
        pattern(S);
      }
      Out += ')';
      return;
    }
  }

  void list(const char *Head, const std::vector<Expr *> &Es) {
    Out += '(';
    Out += Head;
    for (const Expr *E : Es) {
      Out += ' ';
      expr(E);
    }
    Out += ')';
  }

  void pieces(const std::vector<FormatPiece> &Ps) {
    for (const FormatPiece &P : Ps) {
      Out += ' ';
      if (!P.Hole) {
        Out += quoteString(P.Text);
        continue;
      }
      Out += '{';
      if (P.Arg)
        expr(P.Arg);
      else
        Out += "#" + std::to_string(P.ArgIndex);
      if (P.HasSpec)
        Out += formatSpecText(P.Spec);
      Out += '}';
    }
  }

  void loopLabel(const LoopExpr *L) {
    if (!L->Label.empty())
      Out += " '" + L->Label;
  }

  void expr(const Expr *E) {
    if (!E) {
      Out += "<null>";
      return;
    }
    switch (E->K) {
    case ExprKind::IntLit:
      Out += std::to_string(static_cast<const IntLit *>(E)->V);
      return;
    case ExprKind::FloatLit:
      Out += floatText(static_cast<const FloatLit *>(E)->V);
      return;
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
      Out += "(fstring";
      pieces(static_cast<const FString *>(E)->Pieces);
      Out += ')';
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
      Out += U->Op == UnaryOp::Neg ? "(neg " : "(not ";
      expr(U->Operand);
      Out += ')';
      return;
    }
    case ExprKind::Binary: {
      const auto *B = static_cast<const Binary *>(E);
      Out += fmt::format("({} ", binaryOpSpelling(B->Op));
      expr(B->L);
      Out += ' ';
      expr(B->R);
      Out += ')';
      return;
    }
    case ExprKind::Logical: {
      const auto *L = static_cast<const Logical *>(E);
      Out += L->IsAnd ? "(&& " : "(|| ";
      expr(L->L);
      Out += ' ';
      expr(L->R);
      Out += ')';
      return;
    }
    case ExprKind::RangeExpr: {
      const auto *R = static_cast<const RangeExpr *>(E);
      Out += R->Inclusive ? "(..= " : "(.. ";
      if (R->Lo)
        expr(R->Lo);
      else
        Out += '_';
      Out += ' ';
      if (R->Hi)
        expr(R->Hi);
      else
        Out += '_';
      Out += ')';
      return;
    }
    case ExprKind::Assign: {
      const auto *A = static_cast<const Assign *>(E);
      Out += A->HasOp ? fmt::format("({}= ", binaryOpSpelling(A->Op)) : "(= ";
      expr(A->Target);
      Out += ' ';
      expr(A->Val);
      Out += ')';
      return;
    }
    case ExprKind::Call: {
      const auto *C = static_cast<const Call *>(E);
      Out += "(call ";
      expr(C->Callee);
      for (const Expr *A : C->Args) {
        Out += ' ';
        expr(A);
      }
      Out += ')';
      return;
    }
    case ExprKind::MethodCall: {
      const auto *M = static_cast<const MethodCall *>(E);
      Out += "(." + M->Name + " ";
      expr(M->Recv);
      for (const Expr *A : M->Args) {
        Out += ' ';
        expr(A);
      }
      Out += ')';
      return;
    }
    case ExprKind::Field: {
      const auto *F = static_cast<const Field *>(E);
      Out += "(field ";
      expr(F->Obj);
      Out += " " + F->Name + ")";
      return;
    }
    case ExprKind::TupleIndex: {
      const auto *T = static_cast<const TupleIndex *>(E);
      Out += "(tuple-index ";
      expr(T->Obj);
      Out += " " + std::to_string(T->Index) + ")";
      return;
    }
    case ExprKind::Index: {
      const auto *I = static_cast<const Index *>(E);
      Out += "(index ";
      expr(I->Obj);
      Out += ' ';
      expr(I->Idx);
      Out += ')';
      return;
    }
    case ExprKind::Cast: {
      const auto *C = static_cast<const Cast *>(E);
      const char *Head = C->CK == CastKind::ToFloat ? "(as-float "
                         : C->CK == CastKind::ToInt ? "(as-int "
                                                    : "(as ";
      Out += Head;
      expr(C->Operand);
      Out += " " + C->TypeText + ")";
      return;
    }
    case ExprKind::ArrayLit:
      list("array", static_cast<const ArrayLit *>(E)->Elems);
      return;
    case ExprKind::ArrayRepeat: {
      const auto *A = static_cast<const ArrayRepeat *>(E);
      Out += "(array-repeat ";
      expr(A->Elem);
      Out += ' ';
      expr(A->Count);
      Out += ')';
      return;
    }
    case ExprKind::TupleLit:
      list("tuple", static_cast<const TupleLit *>(E)->Elems);
      return;
    case ExprKind::MapLit: {
      const auto *M = static_cast<const MapLit *>(E);
      Out += "(map";
      for (size_t I = 0; I < M->Keys.size(); ++I) {
        Out += " (";
        expr(M->Keys[I]);
        Out += ' ';
        expr(I < M->Vals.size() ? M->Vals[I] : nullptr);
        Out += ')';
      }
      Out += ')';
      return;
    }
    case ExprKind::StructLit: {
      const auto *S = static_cast<const StructLit *>(E);
      Out += "(struct-lit " + S->Name;
      for (size_t I = 0; I < S->FieldNames.size(); ++I) {
        Out += " (" + S->FieldNames[I] + " ";
        expr(S->FieldVals[I]);
        Out += ')';
      }
      Out += ')';
      return;
    }
    case ExprKind::Block: {
      const auto *B = static_cast<const Block *>(E);
      Out += "(block";
      ++Indent;
      for (const FunctionDecl *F : B->Functions) {
        newline();
        function(F);
      }
      for (const StructDecl *S : B->Structs) {
        newline();
        structDecl(S);
      }
      for (const ImplDecl *I : B->Impls) {
        newline();
        impl(I);
      }
      for (const Expr *S : B->Stmts) {
        newline();
        expr(S);
      }
      --Indent;
      Out += ')';
      return;
    }
    case ExprKind::If: {
      const auto *I = static_cast<const If *>(E);
      Out += "(if ";
      expr(I->Cond);
      Out += ' ';
      expr(I->Then);
      if (I->Else) {
        Out += ' ';
        expr(I->Else);
      }
      Out += ')';
      return;
    }
    case ExprKind::While: {
      const auto *W = static_cast<const While *>(E);
      Out += "(while";
      loopLabel(W);
      Out += ' ';
      expr(W->Cond);
      Out += ' ';
      expr(W->Body);
      Out += ')';
      return;
    }
    case ExprKind::Loop: {
      const auto *L = static_cast<const Loop *>(E);
      Out += "(loop";
      loopLabel(L);
      Out += ' ';
      expr(L->Body);
      Out += ')';
      return;
    }
    case ExprKind::For: {
      const auto *F = static_cast<const For *>(E);
      Out += "(for";
      loopLabel(F);
      Out += ' ';
      pattern(F->Pat);
      Out += ' ';
      expr(F->Iterable);
      Out += ' ';
      expr(F->Body);
      Out += ')';
      return;
    }
    case ExprKind::Break: {
      const auto *B = static_cast<const Break *>(E);
      Out += "(break";
      if (!B->Label.empty())
        Out += " '" + B->Label;
      if (B->Val) {
        Out += ' ';
        expr(B->Val);
      }
      Out += ')';
      return;
    }
    case ExprKind::Continue: {
      const auto *C = static_cast<const Continue *>(E);
      Out += "(continue";
      if (!C->Label.empty())
        Out += " '" + C->Label;
      Out += ')';
      return;
    }
    case ExprKind::Return: {
      const auto *R = static_cast<const Return *>(E);
      Out += "(return";
      if (R->Val) {
        Out += ' ';
        expr(R->Val);
      }
      Out += ')';
      return;
    }
    case ExprKind::Match: {
      const auto *M = static_cast<const Match *>(E);
      Out += "(match ";
      expr(M->Scrutinee);
      ++Indent;
      for (const MatchArm &A : M->Arms) {
        newline();
        Out += "(arm ";
        pattern(A.Pat);
        if (A.Guard) {
          Out += " (guard ";
          expr(A.Guard);
          Out += ')';
        }
        Out += ' ';
        expr(A.Body);
        Out += ')';
      }
      --Indent;
      Out += ')';
      return;
    }
    case ExprKind::Closure: {
      const auto *C = static_cast<const ClosureExpr *>(E);
      Out += "(closure ";
      params(C->Fn);
      Out += ' ';
      expr(C->Fn->Body);
      Out += ')';
      return;
    }
    case ExprKind::Let: {
      const auto *L = static_cast<const Let *>(E);
      Out += L->IsConst ? "(const " : "(let ";
      pattern(L->Pat);
      if (L->Init) {
        Out += ' ';
        expr(L->Init);
      }
      Out += ')';
      return;
    }
    case ExprKind::Macro: {
      const auto *M = static_cast<const Macro *>(E);
      static constexpr const char *Names[] = {"println!", "print!",   "eprintln!",
                                              "eprint!",  "format!",  "panic!",
                                              "assert!",  "assert_eq!", "dbg!"};
      Out += '(';
      Out += Names[static_cast<int>(M->MK)];
      if (M->HasFormat) {
        Out += " (fmt";
        pieces(M->Pieces);
        Out += ')';
      }
      for (const Expr *A : M->Args) {
        Out += ' ';
        expr(A);
      }
      Out += ')';
      return;
    }
    case ExprKind::Item:
      Out += "(item)";
      return;
    }
    Out += "<?>";
  }
};

} // namespace

std::string dumpAst(const Program &P) {
  Dumper D;
  D.program(P);
  return D.Out;
}

} // namespace ruchy
