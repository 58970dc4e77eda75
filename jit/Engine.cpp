//===- jit/Engine.cpp - The LLVM ORC engine ----------------------*- C++ -*-===//
#include "jit/Engine.h"

#include "jit/ReusedCodegen.h"
#include "jit/RuntimeBridge.h"
#include "jit/TierManager.h"
#include "llvm-passes/FloatDivision.h"
#include "llvm-passes/Passes.h"
#include "llvm-passes/UnsignedRemainder.h"

#include "llvm/ExecutionEngine/Orc/DebugObjectManagerPlugin.h"
#include "llvm/ExecutionEngine/Orc/EPCDebugObjectRegistrar.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/IRTransformLayer.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/Orc/TargetProcess/JITLoaderGDB.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/PassTimingInfo.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Transforms/Utils/BypassSlowDivision.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <chrono>
#include <unistd.h>

using namespace llvm;
using namespace llvm::orc;
using namespace ruchy::jit;

namespace {

double secondsSince(std::chrono::steady_clock::time_point Start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
}

OptimizationLevel optLevel(unsigned L) {
  switch (L) {
  case 0:
    return OptimizationLevel::O0;
  case 1:
    return OptimizationLevel::O1;
  case 2:
    return OptimizationLevel::O2;
  case 4:
    return OptimizationLevel::Os;
  case 5:
    return OptimizationLevel::Oz;
  default:
    return OptimizationLevel::O3;
  }
}

void runPipeline(Module &M, TargetMachine *TM, unsigned Level, const std::string &Passes) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // Instrumentation makes LLVM's -time-passes, -print-after and friends
  // (RUCHY_LLVM_ARGS) see the IR passes too, not only the code generator's.
  PassInstrumentationCallbacks PIC;
  StandardInstrumentations SI(M.getContext(), /*DebugLogging=*/false);
  SI.registerCallbacks(PIC, &MAM);
  PassBuilder PB(TM, PipelineTuningOptions(), std::nullopt, &PIC);
  ruchy::passes::registerRuchyPasses(PB);
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM;
  if (!Passes.empty())
    cantFail(PB.parsePassPipeline(MPM, Passes)); // checked by checkPassPipeline
  else
    MPM = Level == 0 ? PB.buildO0DefaultPipeline(OptimizationLevel::O0)
                     : PB.buildPerModuleDefaultPipeline(optLevel(Level));
  MPM.run(M, MAM);
}

/// On CPUs whose 64-bit division is slow (the host CPU's tuning says so),
/// a division of operands that fit in 32 bits takes the 32-bit instruction
/// instead, as LLVM's code generator does from -O2 on (this engine's runs
/// at -O1: Tier 1 needs it fast). primes' trial divisions are such.
void bypassSlowDivisions(Module &M, const TargetMachine &TM) {
  if (!TM.getMCSubtargetInfo()->checkFeatures("+idivq-to-divl"))
    return;
  DenseMap<unsigned, unsigned> Widths;
  Widths[64] = 32;
  for (Function &F : M)
    for (BasicBlock *BB = F.empty() ? nullptr : &F.front(); BB;) {
      // It adds blocks right after BB, which must not be visited again.
      BasicBlock *Next = BB->getNextNode();
      bypassSlowDivision(BB, Widths);
      BB = Next;
    }
}

/// Tier 2's division rewrites, after the pipeline: a signed division by a
/// positive constant of a provably non-negative Int becomes unsigned
/// (llvm-passes/UnsignedRemainder.h); then, on x86-64, a 64-bit division of
/// small operands by a variable runs in the FPU (llvm-passes/FloatDivision.h),
/// elsewhere (or with --jit-float-division=0) it keeps the integer divider,
/// through the 32-bit instruction where the host's tuning says 64 bits are
/// slow.
void rewriteDivisions(Module &M, TargetMachine &TM, bool FloatDivision) {
  bool InFpu =
      FloatDivision && TM.getTargetTriple().isX86() && TM.getTargetTriple().isArch64Bit();
  FunctionAnalysisManager FAM;
  PassBuilder PB(&TM);
  PB.registerFunctionAnalyses(FAM);
  FunctionPassManager FPM;
  FPM.addPass(ruchy::passes::UnsignedRemainderPass());
  if (InFpu)
    FPM.addPass(ruchy::passes::FloatDivisionPass());
  for (Function &F : M)
    if (!F.isDeclaration())
      FPM.run(F, FAM);
  if (!InFpu)
    bypassSlowDivisions(M, TM);
}

std::string printModule(const Module &M) {
  std::string S;
  raw_string_ostream OS(S);
  M.print(OS, nullptr);
  return S;
}

std::string emitAsm(Module &M, TargetMachine &TM) {
  std::unique_ptr<Module> Clone = CloneModule(M);
  SmallString<4096> Buf;
  raw_svector_ostream OS(Buf);
  legacy::PassManager PM;
  if (TM.addPassesToEmitFile(PM, OS, nullptr, CodeGenFileType::AssemblyFile))
    return "; this target cannot print assembly\n";
  PM.run(*Clone);
  return std::string(Buf.str());
}

} // namespace

namespace ruchy::jit {
/// Records the executable blocks of the unit being linked (compiles are
/// serial, so the unit is the engine's current one), and with --perf-map
/// names its functions for perf (`START SIZE NAME` lines in hex, perf's
/// map format; LLVM 19's jitdump plugin writes a header perf rejects).
class CodeRangePlugin : public ObjectLinkingLayer::Plugin {
public:
  explicit CodeRangePlugin(Engine &E) : E(E) {}

  void modifyPassConfig(MaterializationResponsibility &, jitlink::LinkGraph &,
                        jitlink::PassConfiguration &Config) override {
    // A call of an internal function (a pure variant, a copy LLVM did not
    // inline) needs no relocation, so nothing keeps its symbol alive and
    // pruning drops it; perf then has no name for its code.
    if (E.PerfMap)
      Config.PrePrunePasses.push_back([](jitlink::LinkGraph &G) {
        for (jitlink::Symbol *S : G.defined_symbols())
          if (S->hasName() && S->isCallable())
            S->setLive(true);
        return Error::success();
      });
    Config.PostFixupPasses.push_back([this](jitlink::LinkGraph &G) {
      if (E.CurUnit)
        for (jitlink::Block *B : G.blocks())
          if ((B->getSection().getMemProt() & MemProt::Exec) != MemProt::None && B->getSize())
            E.CurUnit->Code.push_back({B->getAddress().getValue(),
                                       B->getAddress().getValue() + B->getSize()});
      if (E.PerfMap) {
        for (jitlink::Symbol *S : G.defined_symbols())
          if (S->hasName() && S->getSize() && S->isCallable())
            std::fprintf(E.PerfMap, "%llx %llx %s\n",
                         static_cast<unsigned long long>(S->getAddress().getValue()),
                         static_cast<unsigned long long>(S->getSize()), S->getName().str().c_str());
        std::fflush(E.PerfMap);
      }
      return Error::success();
    });
  }
  Error notifyFailed(MaterializationResponsibility &) override { return Error::success(); }
  Error notifyRemovingResources(JITDylib &, ResourceKey) override { return Error::success(); }
  void notifyTransferringResources(JITDylib &, ResourceKey, ResourceKey) override {}

private:
  Engine &E;
};
} // namespace ruchy::jit

std::string ruchy::jit::checkPassPipeline(const std::string &Passes) {
  PassBuilder PB;
  ruchy::passes::registerRuchyPasses(PB);
  ModulePassManager MPM;
  if (Error Err = PB.parsePassPipeline(MPM, Passes))
    return toString(std::move(Err));
  return "";
}

Expected<std::unique_ptr<Engine>> Engine::create(const EngineOptions &Opts) {
  static bool Initialized = false;
  if (!Initialized) {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
    // Developers pass LLVM's own options (-time-passes, -print-after=...,
    // -debug-pass=...) through the environment, as LLVM tools do with
    // their command line.
    // X86's domain reassignment (scalar logic moved to AVX-512 mask
    // registers) takes time quadratic in a function's size: half of the code
    // generation of a function of 4,000 checked additions (0.97 of 1.9 s),
    // and 5% of the median Tier 2 compile over the benchmarks, for no
    // measurable gain in Ruchy code. Off unless RUCHY_LLVM_ARGS turns it on.
    auto &Registered = cl::getRegisteredOptions();
    auto DomainReassign = Registered.find("disable-x86-domain-reassignment");
    if (DomainReassign != Registered.end())
      static_cast<cl::opt<bool> *>(DomainReassign->second)->setValue(true);
    // --jit-unswitch-threshold (jit/Tunables.def): LLVM's -unswitch-threshold,
    // the size of loop non-trivial unswitching may copy.
    auto Unswitch = Registered.find("unswitch-threshold");
    if (Unswitch != Registered.end())
      static_cast<cl::opt<int> *>(Unswitch->second)->setValue(Opts.UnswitchThreshold);
    const char *Argv0 = "ruchy-jit";
    cl::ParseCommandLineOptions(1, &Argv0, "", nullptr, "RUCHY_LLVM_ARGS");
    Initialized = true;
  }
  auto E = std::unique_ptr<Engine>(new Engine());
  E->FloatDivision = Opts.FloatDivision;
  auto JTMB = JITTargetMachineBuilder::detectHost();
  if (!JTMB)
    return JTMB.takeError();
  JTMB->setCodeGenOptLevel(Opts.FastIsel ? CodeGenOptLevel::None : CodeGenOptLevel::Less);
  // The small code model: a call between functions of one unit (a
  // recursive specialization calling itself) is a direct `call rel32`, not
  // `movabs` + an indirect call, which LLVM's default for JITs (large)
  // emits. JITLink routes calls it cannot reach within 2 GiB (runtime
  // functions, other units) through stubs; runtime data is addressed by
  // absolute constants in the IR either way. Position-independent, since
  // JIT memory is not in the low 2 GiB that the small model's absolute
  // 32-bit addresses (of constant pools, jump tables) would need.
  JTMB->setCodeModel(CodeModel::Small);
  JTMB->setRelocationModel(Reloc::PIC_);
  auto TM = JTMB->createTargetMachine();
  if (!TM)
    return TM.takeError();
  E->TM = std::move(*TM);
  // No ORC platform: compiled units have no static initializers to run, and
  // the generic platform adds an initializer lookup to every compile.
  // One target machine for the pass builder and the code generator: each
  // builds its X86 subtarget on first use, about 1.5 ms of a cold start.
  TargetMachine *SharedTM = E->TM.get();
  auto JIT = LLJITBuilder()
                 .setJITTargetMachineBuilder(std::move(*JTMB))
                 .setCompileFunctionCreator(
                     [SharedTM](JITTargetMachineBuilder) -> Expected<std::unique_ptr<IRCompileLayer::IRCompiler>> {
                       return std::make_unique<ReusedCodegen>(*SharedTM);
                     })
                 .setPlatformSetUp(setUpInactivePlatform)
                 .create();
  if (!JIT)
    return JIT.takeError();
  E->JIT = std::move(*JIT);
  // LLJIT links with JITLink on x86-64 ELF (and the other hosts LLVM 19
  // supports but COFF); without it units have no known code ranges and are
  // never freed.
  auto *OLL = dyn_cast<ObjectLinkingLayer>(&E->JIT->getObjLinkingLayer());
  if (Opts.PerfMap) {
    std::string Path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
    E->PerfMap = std::fopen(Path.c_str(), "a");
    if (!E->PerfMap)
      return make_error<StringError>("cannot write " + Path, inconvertibleErrorCode());
  }
  if (OLL)
    OLL->addPlugin(std::make_unique<CodeRangePlugin>(*E));
  if (Opts.GdbJit) {
    if (!OLL)
      return make_error<StringError>("--gdb-jit needs JITLink", inconvertibleErrorCode());
    // gdb's JIT interface (__jit_debug_register_code) is linked into this
    // binary; a static binary hands the registration function over itself
    // rather than have ORC look it up with dlsym.
    ExecutionSession &ES = E->JIT->getExecutionSession();
    OLL->addPlugin(std::make_unique<DebugObjectManagerPlugin>(
        ES,
        std::make_unique<EPCDebugObjectRegistrar>(
            ES, ExecutorAddr::fromPtr(&llvm_orc_registerJITLoaderGDBWrapper)),
        /*RequireDebugSections=*/false, /*AutoRegisterCode=*/true));
  }

  SymbolMap Symbols;
  for (const BridgeSymbol &S : bridgeSymbols())
    Symbols[E->JIT->mangleAndIntern(S.Name)] = {ExecutorAddr::fromPtr(S.Address),
                                               JITSymbolFlags::Exported | JITSymbolFlags::Callable};
  if (auto Err = E->JIT->getMainJITDylib().define(absoluteSymbols(std::move(Symbols))))
    return Err;

  Engine *Self = E.get();
  E->JIT->getIRTransformLayer().setTransform(
      [Self](ThreadSafeModule TSM, MaterializationResponsibility &) -> Expected<ThreadSafeModule> {
        TSM.withModuleDo([Self](Module &M) {
          auto Start = std::chrono::steady_clock::now();
          runPipeline(M, Self->TM.get(), Self->CurOpt, *Self->CurPasses);
          if (Self->CurSpecialized)
            rewriteDivisions(M, *Self->TM, Self->FloatDivision);
          if (Self->CurUnit) {
            Self->CurUnit->OptSeconds = secondsSince(Start);
            if (Self->CurDump && Self->CurDump->IrAfter)
              Self->CurUnit->IrAfter = printModule(M);
            if (Self->CurDump && Self->CurDump->Asm)
              Self->CurUnit->Asm = emitAsm(M, *Self->TM);
          }
        });
        return TSM;
      });
  return E;
}

Expected<CompiledUnit> Engine::compile(std::unique_ptr<Module> M, std::unique_ptr<LLVMContext> Ctx,
                                       const std::string &EntryName, unsigned OptLevel,
                                       const DumpRequest &Dump, bool Specialized,
                                       const std::string &Passes) {
  CompiledUnit Unit;
  M->setDataLayout(JIT->getDataLayout());
  M->setTargetTriple(JIT->getTargetTriple().str());
  if (Dump.IrBefore)
    Unit.IrBefore = printModule(*M);
  std::string VerifyErrors;
  raw_string_ostream VOS(VerifyErrors);
  if (verifyModule(*M, &VOS))
    return make_error<StringError>("invalid IR: " + VerifyErrors, inconvertibleErrorCode());

  CurOpt = OptLevel;
  CurPasses = &Passes;
  CurSpecialized = Specialized;
  CurDump = &Dump;
  CurUnit = &Unit;
  auto Start = std::chrono::steady_clock::now();
  ResourceTrackerSP RT = JIT->getMainJITDylib().createResourceTracker();
  if (auto Err = JIT->addIRModule(RT, ThreadSafeModule(std::move(M), std::move(Ctx)))) {
    CurUnit = nullptr;
    return Err;
  }
  auto Sym = JIT->lookup(EntryName);
  CurUnit = nullptr;
  CurDump = nullptr;
  if (!Sym)
    return Sym.takeError();
  Unit.Entry = Sym->toPtr<void *>();
  Unit.Tracker = std::move(RT);
  Unit.CodegenSeconds = secondsSince(Start) - Unit.OptSeconds;
  return Unit;
}

void Engine::reportTimings() {
  if (TimePassesIsEnabled)
    reportAndResetTimings(&errs());
}

void Engine::remove(ResourceTrackerSP Tracker) {
  if (auto Err = Tracker->remove())
    consumeError(std::move(Err));
}

void *Engine::lookup(const std::string &Name) {
  auto Sym = JIT->lookup(Name);
  if (!Sym) {
    consumeError(Sym.takeError());
    return nullptr;
  }
  return Sym->toPtr<void *>();
}
