//===- jit/JitAstPasses.cpp - AST passes while generating a tier ---------===//
//
// The pass list of --jit-ast-passes-t1/-t2. The passes themselves are in
// the code generator (FunctionCodegen: foldedValue, constantCondition).
//
//===----------------------------------------------------------------------===//
#include "jit/JitAstPasses.h"

unsigned ruchy::jit::parseJitAstPasses(const std::string &List, std::string &Error) {
  unsigned Mask = 0;
  size_t Start = 0;
  while (Start <= List.size()) {
    size_t End = List.find(',', Start);
    std::string Name = List.substr(Start, End == std::string::npos ? std::string::npos : End - Start);
    if (Name == "fold")
      Mask |= JitAstFold;
    else if (Name == "dce")
      Mask |= JitAstDce;
    else if (Name == "all")
      Mask |= JitAstFold | JitAstDce;
    else if (Name == "inline" || Name == "tco") {
      Error = "'" + Name + "' changes the program's shape, which Tier 0 must share; run it on the "
              "whole program with --ast-passes";
      return 0;
    } else if (Name != "none" && !Name.empty()) {
      Error = "unknown pass '" + Name + "' (fold, dce, all, none)";
      return 0;
    }
    if (End == std::string::npos)
      break;
    Start = End + 1;
  }
  return Mask;
}

std::string ruchy::jit::jitAstPassText(unsigned Mask) {
  if (!Mask)
    return "none";
  std::string S = (Mask & JitAstFold) ? "fold" : "";
  if (Mask & JitAstDce)
    S += S.empty() ? "dce" : ",dce";
  return S;
}
