//===- frontend/AstPasses.cpp - Running the AST passes ------------------===//
//
// The pass table (from AstPasses.def), `--apply` list parsing, timing, and
// the walk over every function body that each pass uses.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"

#include "frontend/AstWalk.h"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <set>
#include <sstream>

using namespace ruchy;
using namespace ruchy::ast;

const std::vector<AstPassInfo> &ruchy::astPasses() {
  static const std::vector<AstPassInfo> Table = {
#define AST_PASS(Name, Flag, Function, Description) {Flag, Description, Function},
#include "frontend/AstPasses.def"
#undef AST_PASS
  };
  return Table;
}

std::vector<std::string> ruchy::parseAstPassList(const std::string &List, std::string &Error) {
  std::vector<bool> Want(astPasses().size(), false);
  std::stringstream SS(List);
  std::string Item;
  while (std::getline(SS, Item, ',')) {
    if (Item.empty() || Item == "none")
      continue;
    if (Item == "all") {
      Want.assign(Want.size(), true);
      continue;
    }
    bool Found = false;
    for (size_t I = 0; I < astPasses().size(); ++I)
      if (Item == astPasses()[I].Flag) {
        Want[I] = true;
        Found = true;
      }
    if (!Found) {
      std::string Known;
      for (const AstPassInfo &P : astPasses())
        Known += std::string(Known.empty() ? "" : ", ") + P.Flag;
      Error = fmt::format("unknown AST pass '{}' (passes: {}, all, none)", Item, Known);
      return {};
    }
  }
  std::vector<std::string> Out;
  for (size_t I = 0; I < Want.size(); ++I)
    if (Want[I])
      Out.push_back(astPasses()[I].Flag);
  return Out;
}

std::vector<AstPassResult> ruchy::runAstPasses(Program &P, const std::vector<std::string> &Flags) {
  std::vector<AstPassResult> Results;
  for (const std::string &F : Flags)
    for (const AstPassInfo &Info : astPasses())
      if (F == Info.Flag) {
        auto Start = std::chrono::steady_clock::now();
        AstPassResult R = Info.Run(P);
        R.Pass = Info.Flag;
        R.Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
        Results.push_back(std::move(R));
      }
  return Results;
}

namespace {

using FnCallback = std::function<void(FunctionDecl *)>;

void visitFunction(FunctionDecl *F, const FnCallback &FnCb, std::set<FunctionDecl *> &Seen);

/// The functions declared inside E's subtree (block items, closures).
void visitNested(Expr *E, const FnCallback &FnCb, std::set<FunctionDecl *> &Seen) {
  forEachExpr(E, [&](Expr *X) {
    if (X->K == ExprKind::Block) {
      auto *B = static_cast<Block *>(X);
      for (FunctionDecl *F : B->Functions)
        visitFunction(F, FnCb, Seen);
      for (StructDecl *S : B->Structs)
        for (FunctionDecl *M : S->Methods)
          visitFunction(M, FnCb, Seen);
      for (ImplDecl *I : B->Impls)
        for (FunctionDecl *M : I->Methods)
          visitFunction(M, FnCb, Seen);
    } else if (X->K == ExprKind::Closure) {
      visitFunction(static_cast<ClosureExpr *>(X)->Fn, FnCb, Seen);
    }
  });
}

void visitFunction(FunctionDecl *F, const FnCallback &FnCb, std::set<FunctionDecl *> &Seen) {
  if (!Seen.insert(F).second)
    return;
  FnCb(F);
  if (F->Body)
    visitNested(F->Body, FnCb, Seen);
}

} // namespace

void ruchy::forEachBody(Program &P, const FnCallback &FnCb, const std::function<void(Block *)> &TopCb) {
  std::set<FunctionDecl *> Seen;
  for (FunctionDecl *F : P.Functions)
    visitFunction(F, FnCb, Seen);
  for (StructDecl *S : P.Structs)
    for (FunctionDecl *M : S->Methods)
      visitFunction(M, FnCb, Seen);
  for (ImplDecl *I : P.Impls)
    for (FunctionDecl *M : I->Methods)
      visitFunction(M, FnCb, Seen);
  if (P.TopLevel) {
    TopCb(P.TopLevel);
    visitNested(P.TopLevel, FnCb, Seen);
  }
}
