//===- frontend/Resolver.cpp - Names to frame slots --------------*- C++ -*-===//
//
// Walks the parsed program once and decides, for every name, where its value
// lives at run time: a slot of the current frame, a cell shared with closures,
// a closure capture, a global slot, a top-level function or a builtin. After
// this pass no tier ever looks a name up by string.
//
// Scoping is lexical (LANGUAGE.md §5): a `let` starts a new variable from the
// statement after it, blocks end scopes, top-level `let`s are globals visible
// from every function (hoisted by name, so a function may mention a global
// assigned later), and functions never see their caller's locals. A local
// captured by a closure lives in a heap cell; since capture is discovered
// after earlier uses were resolved, every use of a local is remembered and
// patched when the local becomes captured.
//
// Unknown names are not errors here: they resolve to VarKind::Undefined and
// fail only if they run, as LANGUAGE.md §4 requires.
//
//===----------------------------------------------------------------------===//
#include "frontend/Frontend.h"

#include "runtime/Builtins.h"
#include "runtime/Methods.h"
#include "runtime/Object.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

/// A local variable of one function.
struct LocalVar {
  int32_t Slot;
  bool Captured = false;
  std::vector<Ident *> Uses;
  std::vector<Pattern *> Decls;
  int32_t ParamIndex = -1; ///< >= 0 when it is a parameter
  /// >= 0 for a top-level let: the global slot it binds (top-level code and
  /// closures made there name it lexically; functions go by name).
  int32_t GlobalSlot = -1;
};

struct FnContext {
  FunctionDecl *Fn;
  FnContext *Parent; ///< enclosing function for closures, null otherwise
  std::vector<std::vector<std::pair<std::string, LocalVar *>>> Scopes;
  std::vector<std::unique_ptr<LocalVar>> AllLocals;
  std::vector<LoopExpr *> LoopStack;
  bool IsTop = false; ///< the top-level pseudo-function
};

class Resolver {
public:
  Resolver(Program &P, std::vector<Diagnostic> &Errors) : P(P), Errors(Errors) {}
  void run();

private:
  Program &P;
  std::vector<Diagnostic> &Errors;
  std::unordered_map<std::string, int32_t> Globals;
  std::unordered_map<std::string, FunctionDecl *> Functions;
  std::unordered_map<std::string, StructDecl *> Structs;
  /// The last top-level let pattern binding each name: it owns the name's
  /// global slot; earlier (shadowed) ones get slots of their own.
  std::unordered_map<std::string, Pattern *> LastGlobalDecl;
  FnContext *Cur = nullptr;
  /// True while resolving a node in statement position: no enclosing
  /// expression of it is half evaluated (see LoopExpr::OsrEligible).
  bool InStmtPos = false;

  void error(const Span &Loc, std::string Msg) { Errors.push_back({std::move(Msg), Loc}); }

  int32_t globalSlot(const std::string &Name) {
    auto It = Globals.find(Name);
    if (It != Globals.end())
      return It->second;
    int32_t Slot = static_cast<int32_t>(P.GlobalNames.size());
    P.GlobalNames.push_back(Name);
    Globals.emplace(Name, Slot);
    return Slot;
  }

  void collectGlobalNames(Pattern *Pat) {
    if (!Pat)
      return;
    if (Pat->K == PatternKind::Binding) {
      globalSlot(Pat->Name);
      LastGlobalDecl[Pat->Name] = Pat;
    }
    for (Pattern *S : Pat->Subs)
      collectGlobalNames(S);
  }

  void registerStruct(StructDecl *S) {
    if (!Structs.emplace(S->Name, S).second)
      error(S->Loc, fmt::format("Duplicate struct `{}`", S->Name));
    for (FunctionDecl *M : S->Methods)
      M->Owner = S;
  }
  void attachImpl(ImplDecl *I) {
    auto It = Structs.find(I->TypeName);
    if (It == Structs.end()) {
      error(I->Loc, fmt::format("impl for unknown struct `{}`", I->TypeName));
      return;
    }
    for (FunctionDecl *M : I->Methods) {
      M->Owner = It->second;
      It->second->Methods.push_back(M);
    }
  }

  // Scopes and locals.
  void pushScope() { Cur->Scopes.emplace_back(); }
  void popScope() { Cur->Scopes.pop_back(); }
  LocalVar *declareLocal(const std::string &Name) {
    auto V = std::make_unique<LocalVar>();
    V->Slot = Cur->Fn->Frame.NumSlots++;
    LocalVar *Raw = V.get();
    Cur->AllLocals.push_back(std::move(V));
    Cur->Scopes.back().emplace_back(Name, Raw);
    return Raw;
  }
  static LocalVar *findLocal(FnContext *C, const std::string &Name) {
    for (auto S = C->Scopes.rbegin(); S != C->Scopes.rend(); ++S)
      for (auto V = S->rbegin(); V != S->rend(); ++V)
        if (V->first == Name)
          return V->second;
    return nullptr;
  }
  static void markCaptured(LocalVar *V) {
    if (V->Captured)
      return;
    V->Captured = true;
    for (Ident *U : V->Uses)
      U->VK = VarKind::LocalCell;
    for (Pattern *D : V->Decls)
      D->VK = VarKind::LocalCell;
  }
  /// The capture index in C for Name, or -1 when no enclosing function of C
  /// has a local by that name.
  int32_t findCapture(FnContext *C, const std::string &Name) {
    FnContext *Parent = C->Parent;
    if (!Parent)
      return -1;
    CaptureSource Src;
    if (LocalVar *V = findLocal(Parent, Name)) {
      markCaptured(V);
      Src = {false, V->Slot};
    } else {
      int32_t Outer = findCapture(Parent, Name);
      if (Outer < 0)
        return -1;
      Src = {true, Outer};
    }
    // One capture per enclosing variable, however often the body names it.
    for (size_t I = 0; I < C->Fn->Captures.size(); ++I) {
      const CaptureSource &Have = C->Fn->Captures[I];
      if (Have.FromEnclosingCapture == Src.FromEnclosingCapture && Have.Index == Src.Index)
        return static_cast<int32_t>(I);
    }
    int32_t Idx = static_cast<int32_t>(C->Fn->Captures.size());
    C->Fn->Captures.push_back(Src);
    return Idx;
  }

  /// The struct `Self` means here: the owner of the enclosing method.
  StructDecl *selfStruct() const {
    for (FnContext *C = Cur; C; C = C->Parent)
      if (C->Fn && C->Fn->Owner)
        return C->Fn->Owner;
    return nullptr;
  }

  void resolveIdent(Ident *I) {
    // A top-level let named from top-level code or a closure made there.
    for (FnContext *C = Cur; C; C = C->Parent)
      if (LocalVar *V = findLocal(C, I->Name)) {
        if (V->GlobalSlot >= 0) {
          I->VK = VarKind::Global;
          I->Index = V->GlobalSlot;
          return;
        }
        break;
      }
    if (LocalVar *V = findLocal(Cur, I->Name)) {
      I->VK = V->Captured ? VarKind::LocalCell : VarKind::Local;
      I->Index = V->Slot;
      V->Uses.push_back(I);
      return;
    }
    int32_t Cap = findCapture(Cur, I->Name);
    if (Cap >= 0) {
      I->VK = VarKind::Capture;
      I->Index = Cap;
      return;
    }
    if (auto G = Globals.find(I->Name); G != Globals.end()) {
      I->VK = VarKind::Global;
      I->Index = G->second;
      return;
    }
    if (auto F = Functions.find(I->Name); F != Functions.end()) {
      I->VK = VarKind::Function;
      I->Fn = F->second;
      return;
    }
    int B = lookupBuiltin(I->Name);
    if (B >= 0) {
      I->VK = VarKind::Builtin;
      I->Index = B;
      return;
    }
    I->VK = VarKind::Undefined;
  }

  /// Declares the bindings of a let/for/match/param pattern. Top-level lets
  /// (AsGlobal) bind global slots.
  void declarePattern(Pattern *Pat, bool AsGlobal) {
    if (!Pat)
      return;
    switch (Pat->K) {
    case PatternKind::Binding:
      if (AsGlobal) {
        Pat->VK = VarKind::Global;
        int32_t NameSlot = globalSlot(Pat->Name);
        if (LastGlobalDecl[Pat->Name] == Pat) {
          Pat->Slot = NameSlot;
        } else {
          Pat->Slot = static_cast<int32_t>(P.GlobalNames.size());
          P.GlobalNames.push_back(Pat->Name);
          Pat->AliasSlot = NameSlot;
        }
        auto V = std::make_unique<LocalVar>();
        V->Slot = -1;
        V->GlobalSlot = Pat->Slot;
        Cur->Scopes.back().emplace_back(Pat->Name, V.get());
        Cur->AllLocals.push_back(std::move(V));
      } else {
        LocalVar *V = declareLocal(Pat->Name);
        V->Decls.push_back(Pat);
        Pat->VK = VarKind::Local;
        Pat->Slot = V->Slot;
      }
      break;
    case PatternKind::Literal:
      resolveExpr(Pat->Lit);
      break;
    case PatternKind::Range:
      resolveExpr(Pat->Lo);
      resolveExpr(Pat->Hi);
      break;
    case PatternKind::Or: {
      // Every alternative binds the same names; bind them to the same slots.
      declarePattern(Pat->Subs.empty() ? nullptr : Pat->Subs[0], AsGlobal);
      for (size_t I = 1; I < Pat->Subs.size(); ++I)
        rebindPattern(Pat->Subs[I]);
      break;
    }
    case PatternKind::Wildcard:
      break;
    case PatternKind::Tuple:
      for (Pattern *S : Pat->Subs)
        declarePattern(S, AsGlobal);
      break;
    }
  }
  /// Later alternatives of an or-pattern reuse the first alternative's slots.
  void rebindPattern(Pattern *Pat) {
    if (Pat->K == PatternKind::Binding) {
      LocalVar *V = findLocal(Cur, Pat->Name);
      if (!V) {
        declarePattern(Pat, false);
        return;
      }
      V->Decls.push_back(Pat);
      Pat->VK = V->Captured ? VarKind::LocalCell : VarKind::Local;
      Pat->Slot = V->Slot;
      return;
    }
    if (Pat->K == PatternKind::Literal || Pat->K == PatternKind::Range) {
      declarePattern(Pat, false);
      return;
    }
    for (Pattern *S : Pat->Subs)
      rebindPattern(S);
  }

  void resolveFunction(FunctionDecl *Fn, FnContext *Parent) {
    P.AllFunctions.push_back(Fn);
    FnContext Ctx;
    Ctx.Fn = Fn;
    Ctx.Parent = Parent;
    FnContext *Saved = Cur;
    Cur = &Ctx;
    pushScope();
    Fn->Frame.ParamSlots.clear();
    std::vector<LocalVar *> ParamVars;
    for (Param &Pa : Fn->Params) {
      if (Pa.Pat->K == PatternKind::Binding) {
        LocalVar *V = declareLocal(Pa.Pat->Name);
        V->Decls.push_back(Pa.Pat);
        Pa.Pat->VK = VarKind::Local;
        Pa.Pat->Slot = V->Slot;
        Fn->Frame.ParamSlots.push_back(V->Slot);
        ParamVars.push_back(V);
      } else {
        // A destructuring parameter: the argument lands in a hidden slot and
        // the body starts by binding the pattern (the interpreter does it).
        int32_t Hidden = Fn->Frame.NumSlots++;
        Fn->Frame.ParamSlots.push_back(Hidden);
        ParamVars.push_back(nullptr);
        declarePattern(Pa.Pat, false);
      }
    }
    bool SavedPos = InStmtPos;
    InStmtPos = true;
    resolveBlock(Fn->Body, /*NewScope=*/true);
    InStmtPos = SavedPos;
    Fn->Frame.ParamIsCell.clear();
    for (LocalVar *V : ParamVars)
      Fn->Frame.ParamIsCell.push_back(V && V->Captured);
    popScope();
    Cur = Saved;
  }

  void resolveBlock(Block *B, bool NewScope) {
    if (!B)
      return;
    registerSiteFor(B);
    if (NewScope)
      pushScope();
    for (StructDecl *S : B->Structs)
      registerStruct(S);
    for (ImplDecl *I : B->Impls)
      attachImpl(I);
    for (StructDecl *S : B->Structs)
      resolveStructBody(S);
    {
      // Methods of nested structs and impls: resolved like top-level ones.
      std::vector<FunctionDecl *> Methods;
      for (StructDecl *S : B->Structs)
        Methods.insert(Methods.end(), S->Methods.begin(), S->Methods.end());
      for (ImplDecl *I : B->Impls)
        for (FunctionDecl *M : I->Methods)
          if (std::find(Methods.begin(), Methods.end(), M) == Methods.end())
            Methods.push_back(M);
      for (FunctionDecl *M : Methods) {
        if (M->Owner)
          M->QualName = M->Owner->Name + "::" + M->Name;
        resolveFunction(M, nullptr);
      }
    }
    // Nested functions are locals bound on block entry, visible in the whole
    // block (including to each other and themselves).
    B->FunctionSlots.clear();
    std::vector<LocalVar *> FnVars;
    for (FunctionDecl *F : B->Functions) {
      LocalVar *V = declareLocal(F->Name);
      B->FunctionSlots.push_back(V->Slot);
      FnVars.push_back(V);
      F->QualName = F->Name;
    }
    for (FunctionDecl *F : B->Functions)
      resolveFunction(F, Cur);
    for (size_t I = 0; I < FnVars.size(); ++I)
      if (FnVars[I]->Captured)
        B->FunctionSlots[I] = -1 - B->FunctionSlots[I]; // negative: a cell
    bool AtTop = Cur->IsTop && Cur->Scopes.size() == 1 && B == P.TopLevel;
    bool BlockPos = InStmtPos;
    for (Expr *S : B->Stmts) {
      InStmtPos = BlockPos;
      if (AtTop && S->K == ExprKind::Let) {
        auto *L = static_cast<Let *>(S);
        registerSiteFor(L);
        resolveExpr(L->Init);
        declarePattern(L->Pat, /*AsGlobal=*/true);
        continue;
      }
      resolveExpr(S);
    }
    InStmtPos = BlockPos;
    if (NewScope)
      popScope();
  }

  void resolveStructBody(StructDecl *S) {
    for (FieldDecl &F : S->Fields)
      if (F.Default) {
        FnContext *Saved = Cur;
        FnContext Ctx;
        Ctx.Fn = P.DefaultsFn;
        Ctx.Parent = nullptr;
        Cur = &Ctx;
        pushScope();
        resolveExpr(F.Default);
        popScope();
        Cur = Saved;
      }
    for (FunctionDecl *M : S->Methods) {
      M->Owner = S;
      M->QualName = S->Name + "::" + M->Name;
    }
  }

  void registerSiteFor(Expr *E) { E->Site = registerSite(E->Loc.Line, E->Loc.Col); }

  void resolveExprs(std::vector<Expr *> &Es) {
    for (Expr *E : Es)
      resolveExpr(E);
  }

  void resolvePieces(std::vector<FormatPiece> &Pieces) {
    for (FormatPiece &Pc : Pieces)
      if (Pc.Arg)
        resolveExpr(Pc.Arg);
  }

  LoopExpr *findLoop(const std::string &Label, const Span &Loc, const char *What) {
    if (Cur->LoopStack.empty()) {
      error(Loc, fmt::format("`{}` outside of a loop", What));
      return nullptr;
    }
    if (Label.empty())
      return Cur->LoopStack.back();
    for (auto It = Cur->LoopStack.rbegin(); It != Cur->LoopStack.rend(); ++It)
      if ((*It)->Label == Label)
        return *It;
    error(Loc, fmt::format("Undeclared label `'{}`", Label));
    return nullptr;
  }

  /// Resolves a loop's body; Pos tells whether the loop is in statement
  /// position (then so is its body).
  void resolveLoopBody(LoopExpr *L, bool Pos) {
    L->OsrEligible = Pos;
    InStmtPos = Pos;
    L->LoopIndex = static_cast<int32_t>(Cur->Fn->Loops.size());
    Cur->Fn->Loops.push_back(L);
    Cur->LoopStack.push_back(L);
    resolveBlock(L->Body, true);
    Cur->LoopStack.pop_back();
    InStmtPos = false;
  }

  void resolveExpr(Expr *E);
};

void Resolver::resolveExpr(Expr *E) {
  if (!E)
    return;
  registerSiteFor(E);
  // Children are not in statement position unless a case below says so.
  bool Pos = InStmtPos;
  InStmtPos = false;
  struct RestorePos {
    bool &Flag;
    bool Value;
    ~RestorePos() { Flag = Value; }
  } Restore{InStmtPos, Pos};
  switch (E->K) {
  case ExprKind::IntLit:
  case ExprKind::FloatLit:
  case ExprKind::BoolLit:
  case ExprKind::NilLit:
  case ExprKind::Item:
    return;
  case ExprKind::StrLit: {
    auto *S = static_cast<StrLit *>(E);
    S->Interned = newPermanentStr(S->V);
    return;
  }
  case ExprKind::FString:
    resolvePieces(static_cast<FString *>(E)->Pieces);
    return;
  case ExprKind::Ident:
    resolveIdent(static_cast<Ident *>(E));
    return;
  case ExprKind::Path: {
    auto *Pa = static_cast<Path *>(E);
    std::string Joined;
    for (size_t I = 0; I < Pa->Segments.size(); ++I)
      Joined += (I ? "::" : "") + Pa->Segments[I];
    if (!Pa->Segments.empty() && Pa->Segments[0] == "Self")
      if (StructDecl *Own = selfStruct())
        Pa->Segments[0] = Own->Name;
    if (Pa->Segments.size() == 2) {
      if (auto S = Structs.find(Pa->Segments[0]); S != Structs.end())
        Pa->Fn = S->second->method(Pa->Segments[1]);
    }
    if (!Pa->Fn)
      Pa->Builtin = lookupBuiltin(Joined);
    return;
  }
  case ExprKind::Unary:
    resolveExpr(static_cast<Unary *>(E)->Operand);
    return;
  case ExprKind::Binary: {
    auto *B = static_cast<Binary *>(E);
    resolveExpr(B->L);
    resolveExpr(B->R);
    return;
  }
  case ExprKind::Logical: {
    auto *L = static_cast<Logical *>(E);
    resolveExpr(L->L);
    resolveExpr(L->R);
    return;
  }
  case ExprKind::RangeExpr: {
    auto *R = static_cast<RangeExpr *>(E);
    resolveExpr(R->Lo);
    resolveExpr(R->Hi);
    return;
  }
  case ExprKind::Assign: {
    auto *A = static_cast<Assign *>(E);
    resolveExpr(A->Val);
    resolveExpr(A->Target);
    return;
  }
  case ExprKind::Call: {
    auto *C = static_cast<Call *>(E);
    resolveExprs(C->Args);
    resolveExpr(C->Callee);
    if (C->Callee->K == ExprKind::Ident) {
      auto *I = static_cast<Ident *>(C->Callee);
      if (I->VK == VarKind::Function) {
        C->CK = CallKind::Direct;
        C->Target = I->Fn;
      } else if (I->VK == VarKind::Builtin) {
        C->CK = CallKind::Builtin;
        C->BuiltinId = I->Index;
      }
    } else if (C->Callee->K == ExprKind::Path) {
      auto *Pa = static_cast<Path *>(C->Callee);
      if (Pa->Fn) {
        C->CK = CallKind::Direct;
        C->Target = Pa->Fn;
      } else if (Pa->Builtin >= 0) {
        C->CK = CallKind::Builtin;
        C->BuiltinId = Pa->Builtin;
      }
    }
    return;
  }
  case ExprKind::MethodCall: {
    auto *M = static_cast<MethodCall *>(E);
    resolveExpr(M->Recv);
    resolveExprs(M->Args);
    M->MethodId = lookupMethod(M->Name);
    return;
  }
  case ExprKind::Field:
    resolveExpr(static_cast<Field *>(E)->Obj);
    return;
  case ExprKind::TupleIndex:
    resolveExpr(static_cast<TupleIndex *>(E)->Obj);
    return;
  case ExprKind::Index: {
    auto *I = static_cast<Index *>(E);
    resolveExpr(I->Obj);
    resolveExpr(I->Idx);
    return;
  }
  case ExprKind::Cast:
    resolveExpr(static_cast<Cast *>(E)->Operand);
    return;
  case ExprKind::ArrayLit:
    resolveExprs(static_cast<ArrayLit *>(E)->Elems);
    return;
  case ExprKind::ArrayRepeat: {
    auto *A = static_cast<ArrayRepeat *>(E);
    resolveExpr(A->Elem);
    resolveExpr(A->Count);
    return;
  }
  case ExprKind::TupleLit:
    resolveExprs(static_cast<TupleLit *>(E)->Elems);
    return;
  case ExprKind::MapLit: {
    auto *M = static_cast<MapLit *>(E);
    for (size_t I = 0; I < M->Keys.size(); ++I) {
      resolveExpr(M->Keys[I]);
      resolveExpr(M->Vals[I]);
    }
    return;
  }
  case ExprKind::StructLit: {
    auto *S = static_cast<StructLit *>(E);
    resolveExprs(S->FieldVals);
    if (S->Name == "Self")
      if (StructDecl *Own = selfStruct())
        S->Name = Own->Name;
    auto It = Structs.find(S->Name);
    if (It == Structs.end()) {
      error(S->Loc, fmt::format("Unknown struct `{}`", S->Name));
      return;
    }
    S->Decl = It->second;
    S->Order.assign(S->Decl->Fields.size(), -1);
    for (size_t I = 0; I < S->FieldNames.size(); ++I) {
      int32_t Idx = S->Decl->fieldIndex(S->FieldNames[I]);
      if (Idx < 0) {
        error(S->FieldVals[I]->Loc,
              fmt::format("Struct `{}` has no field `{}`", S->Name, S->FieldNames[I]));
        continue;
      }
      S->Order[Idx] = static_cast<int32_t>(I);
    }
    for (size_t I = 0; I < S->Order.size(); ++I)
      if (S->Order[I] < 0 && !S->Decl->Fields[I].Default)
        error(S->Loc, fmt::format("Missing field `{}` in `{}` literal", S->Decl->Fields[I].Name,
                                  S->Name));
    return;
  }
  case ExprKind::Block:
    InStmtPos = Pos;
    resolveBlock(static_cast<Block *>(E), true);
    return;
  case ExprKind::If: {
    auto *I = static_cast<If *>(E);
    resolveExpr(I->Cond);
    InStmtPos = Pos;
    resolveBlock(I->Then, true);
    InStmtPos = Pos;
    resolveExpr(I->Else);
    return;
  }
  case ExprKind::While: {
    auto *W = static_cast<While *>(E);
    resolveExpr(W->Cond);
    resolveLoopBody(W, Pos);
    return;
  }
  case ExprKind::Loop:
    resolveLoopBody(static_cast<Loop *>(E), Pos);
    return;
  case ExprKind::For: {
    auto *F = static_cast<For *>(E);
    resolveExpr(F->Iterable);
    F->IterSlot = Cur->Fn->Frame.NumSlots++;
    F->IndexSlot = Cur->Fn->Frame.NumSlots++;
    pushScope();
    declarePattern(F->Pat, false);
    resolveLoopBody(F, Pos);
    popScope();
    return;
  }
  case ExprKind::Break: {
    auto *B = static_cast<Break *>(E);
    resolveExpr(B->Val);
    B->Target = findLoop(B->Label, B->Loc, "break");
    return;
  }
  case ExprKind::Continue: {
    auto *C = static_cast<Continue *>(E);
    C->Target = findLoop(C->Label, C->Loc, "continue");
    return;
  }
  case ExprKind::Return:
    resolveExpr(static_cast<Return *>(E)->Val);
    return;
  case ExprKind::Match: {
    auto *M = static_cast<Match *>(E);
    resolveExpr(M->Scrutinee);
    for (MatchArm &A : M->Arms) {
      pushScope();
      declarePattern(A.Pat, false);
      resolveExpr(A.Guard);
      InStmtPos = Pos;
      resolveExpr(A.Body);
      popScope();
    }
    return;
  }
  case ExprKind::Closure: {
    auto *C = static_cast<ClosureExpr *>(E);
    C->Fn->QualName = "<closure>";
    C->Fn->ClosureExpr = C;
    resolveFunction(C->Fn, Cur);
    return;
  }
  case ExprKind::Let: {
    auto *L = static_cast<Let *>(E);
    InStmtPos = Pos && L->Pat->K == PatternKind::Binding;
    resolveExpr(L->Init);
    declarePattern(L->Pat, false);
    return;
  }
  case ExprKind::Macro: {
    auto *M = static_cast<Macro *>(E);
    resolveExprs(M->Args);
    resolvePieces(M->Pieces);
    return;
  }
  }
}

void Resolver::run() {
  // Pass 1: everything hoisted: functions, structs, impls, global names.
  for (FunctionDecl *F : P.Functions) {
    F->QualName = F->Name;
    if (!Functions.emplace(F->Name, F).second)
      error(F->Loc, fmt::format("Duplicate function `{}`", F->Name));
    if (F->Name == "main")
      P.Main = F;
  }
  for (StructDecl *S : P.Structs)
    registerStruct(S);
  for (ImplDecl *I : P.Impls)
    attachImpl(I);
  for (Expr *S : P.TopLevel->Stmts)
    if (S->K == ExprKind::Let)
      collectGlobalNames(static_cast<Let *>(S)->Pat);

  P.DefaultsFn = new FunctionDecl();
  P.DefaultsFn->Name = P.DefaultsFn->QualName = "<field default>";
  for (StructDecl *S : P.Structs)
    resolveStructBody(S);

  // Pass 2: bodies.
  P.TopFn = new FunctionDecl();
  P.TopFn->Name = P.TopFn->QualName = "<top-level>";
  P.TopFn->Body = P.TopLevel;
  {
    FnContext Top;
    Top.Fn = P.TopFn;
    Top.Parent = nullptr;
    Top.IsTop = true;
    Cur = &Top;
    P.AllFunctions.push_back(P.TopFn);
    pushScope();
    InStmtPos = true;
    resolveBlock(P.TopLevel, /*NewScope=*/false);
    InStmtPos = false;
    popScope();
    Cur = nullptr;
  }
  for (FunctionDecl *F : P.Functions)
    resolveFunction(F, nullptr);
  // A method's body may hold an `impl` for its own struct, which appends
  // methods (resolved with their block) while this loop runs: iterate over
  // the methods there were before.
  for (StructDecl *S : P.Structs) {
    std::vector<FunctionDecl *> Methods = S->Methods;
    for (FunctionDecl *M : Methods)
      resolveFunction(M, nullptr);
  }
}

} // namespace

void ruchy::resolveProgram(Program &P, std::vector<Diagnostic> &Errors) {
  Resolver R(P, Errors);
  R.run();
}
