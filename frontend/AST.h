//===- frontend/AST.h - The Ruchy syntax tree --------------------*- C++ -*-===//
//
// The syntax tree every stage shares: the parser builds it, the resolver
// annotates it (names to frame slots, labels to loops, calls to targets), the
// Tier 0 interpreter walks it, and the JIT tiers generate IR from it.
//
// Everything is an expression (statements evaluate to Nil). Each node carries
// its source span and a site id (runtime/Site.h) under which runtime errors
// and type feedback for that node are reported, so every tier names the same
// location for the same failure.
//
// Nodes are allocated once per program and never freed (the program's
// lifetime is the tree's lifetime), unless a NodePool is installed, as the
// fuzz targets do, which parse many programs in one process. Tier 0 feedback counters live in the
// nodes they describe so that the interpreter's hot paths touch one object.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_AST_H
#define RUCHY_FRONTEND_AST_H

#include "runtime/FormatSpec.h"
#include "runtime/Operations.h"
#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ruchy {
struct Str;
namespace ast {

/// Owns the nodes made while it is installed (on this thread) and frees them
/// when destroyed. The engine runs one program per process and installs
/// none: compiled code and feedback point into the tree until the end.
class NodePool {
public:
  NodePool();
  ~NodePool();
  NodePool(const NodePool &) = delete;
  NodePool &operator=(const NodePool &) = delete;
  /// Memory for a node; Destroy frees it with its destructor if a pool is
  /// installed.
  static void *allocate(size_t Size, void (*Destroy)(void *));

private:
  std::vector<std::pair<void *, void (*)(void *)>> Nodes;
  NodePool *Prev;
};

/// Node allocation through NodePool, for a root class of the tree (Expr,
/// Pattern, the declarations); each derived node is deleted through its
/// root's (virtual, for Expr) destructor.
#define RUCHY_AST_POOLED(Root)                                                          \
  static void *operator new(size_t Size) {                                            \
    return NodePool::allocate(Size, [](void *P) { delete static_cast<Root *>(P); });  \
  }                                                                                   \
  static void operator delete(void *P) { ::operator delete(P); }

/// A source position plus the byte range of the node.
struct Span {
  uint32_t Begin = 0; ///< byte offset of the first character
  uint32_t End = 0;   ///< byte offset one past the last character
  uint32_t Line = 0;  ///< 1-based
  uint32_t Col = 0;   ///< 1-based, in bytes
};


struct FunctionDecl;
struct StructDecl;
struct Block;
struct Pattern;

enum class ExprKind : uint8_t {
  IntLit,
  FloatLit,
  StrLit,
  BoolLit,
  NilLit,
  FString,
  Ident,
  Path,
  Unary,
  Binary,
  Logical,
  RangeExpr,
  Assign,
  Call,
  MethodCall,
  Field,
  TupleIndex,
  Index,
  Cast,
  ArrayLit,
  ArrayRepeat,
  TupleLit,
  MapLit,
  StructLit,
  Block,
  If,
  While,
  Loop,
  For,
  Break,
  Continue,
  Return,
  Match,
  Closure,
  Let,
  Macro,
  /// A nested `fun`/`struct`/`impl` item inside a block: it does nothing
  /// when reached (the block binds it on entry).
  Item,
};

struct Expr {
  ExprKind K;
  Span Loc;
  SiteId Site = 0;
  explicit Expr(ExprKind K) : K(K) {}
  virtual ~Expr() = default;
  RUCHY_AST_POOLED(Expr)
};

//===-- Literals ----------------------------------------------------------===//

struct IntLit : Expr {
  int64_t V;
  explicit IntLit(int64_t V) : Expr(ExprKind::IntLit), V(V) {}
};
struct FloatLit : Expr {
  double V;
  explicit FloatLit(double V) : Expr(ExprKind::FloatLit), V(V) {}
};
struct StrLit : Expr {
  std::string V;
  Str *Interned = nullptr; ///< filled by the resolver (a permanent Str)
  explicit StrLit(std::string V) : Expr(ExprKind::StrLit), V(std::move(V)) {}
  /// Runs only when a NodePool frees the tree.
  ~StrLit() override;
};
struct BoolLit : Expr {
  bool V;
  explicit BoolLit(bool V) : Expr(ExprKind::BoolLit), V(V) {}
};
/// `nil` or `()`.
struct NilLit : Expr {
  NilLit() : Expr(ExprKind::NilLit) {}
};

/// One piece of an f-string or of a macro's format string: literal text, or
/// a hole with an expression (f-string, named macro hole) or an argument
/// index (positional macro hole).
struct FormatPiece {
  std::string Text;     ///< literal text (when Hole is false)
  bool Hole = false;
  Expr *Arg = nullptr;  ///< the expression to insert (f-strings, `{name}`)
  int ArgIndex = -1;    ///< macro: index into the macro's arguments
  bool HasSpec = false;
  FormatSpec Spec;
};

struct FString : Expr {
  std::vector<FormatPiece> Pieces;
  FString() : Expr(ExprKind::FString) {}
};

//===-- Names -------------------------------------------------------------===//

/// How the resolver bound a name.
enum class VarKind : uint8_t {
  Unresolved, ///< before resolution
  Local,      ///< frame slot Index holds the value
  LocalCell,  ///< frame slot Index holds a Cell* (captured by a closure)
  Capture,    ///< the running closure's capture Index (a Cell*)
  Global,     ///< global slot Index (top-level let / const)
  Function,   ///< the top-level function Fn
  Builtin,    ///< builtin function number Index (runtime/Builtins.h)
  Undefined,  ///< nothing by this name: `Undefined variable` when it runs
};

struct Ident : Expr {
  std::string Name;
  VarKind VK = VarKind::Unresolved;
  int32_t Index = -1;
  FunctionDecl *Fn = nullptr;
  explicit Ident(std::string Name) : Expr(ExprKind::Ident), Name(std::move(Name)) {}
};

/// `A::b` or `a::b::c` (associated functions and constants, `HashMap::new`).
struct Path : Expr {
  std::vector<std::string> Segments;
  /// Resolver: the associated function when Segments = {Struct, fn}.
  FunctionDecl *Fn = nullptr;
  /// Resolver: builtin number for `HashMap::new`, `String::from`, ...
  int32_t Builtin = -1;
  Path() : Expr(ExprKind::Path) {}
};

//===-- Operators ---------------------------------------------------------===//

struct Unary : Expr {
  UnaryOp Op;
  Expr *Operand;
  /// Tier 0 feedback: bit k set when the operand had Kind k.
  uint32_t SeenKinds = 0;
  Unary(UnaryOp Op, Expr *Operand) : Expr(ExprKind::Unary), Op(Op), Operand(Operand) {}
};

struct Binary : Expr {
  BinaryOp Op;
  Expr *L, *R;
  /// Tier 0 feedback: bit (kl * NumKinds + kr) for each operand-kind pair
  /// seen, kinds limited to Nil..Str (the pairs worth specializing); any
  /// other pair sets bit 63.
  uint64_t SeenKinds = 0;
  Binary(BinaryOp Op, Expr *L, Expr *R) : Expr(ExprKind::Binary), Op(Op), L(L), R(R) {}
};

/// `a && b`, `a || b`: short-circuit, value of the deciding operand.
struct Logical : Expr {
  bool IsAnd;
  Expr *L, *R;
  Logical(bool IsAnd, Expr *L, Expr *R) : Expr(ExprKind::Logical), IsAnd(IsAnd), L(L), R(R) {}
};

/// `a..b`, `a..=b`; Lo or Hi may be null in slices (`s[..3]`).
struct RangeExpr : Expr {
  Expr *Lo, *Hi;
  bool Inclusive;
  RangeExpr(Expr *Lo, Expr *Hi, bool Inclusive)
      : Expr(ExprKind::RangeExpr), Lo(Lo), Hi(Hi), Inclusive(Inclusive) {}
};

/// `t = v` or `t op= v`. Target is an Ident, Index or Field (TupleIndex is
/// rejected by the parser). HasOp tells whether Op applies.
struct Assign : Expr {
  Expr *Target, *Val;
  bool HasOp;
  BinaryOp Op;
  /// Tier 0 feedback for a local target: bit k set when a value of Kind k
  /// was stored (Tier 2 speculates on it).
  uint16_t StoreKinds = 0;
  /// Tier 2 stopped speculating here after failed guards.
  bool SpecFailed = false;
  Assign(Expr *Target, Expr *Val, bool HasOp, BinaryOp Op)
      : Expr(ExprKind::Assign), Target(Target), Val(Val), HasOp(HasOp), Op(Op) {}
};

//===-- Calls and access --------------------------------------------------===//

/// Inline-cache state of a call site, as V8 names them. A target is a
/// method-cache key, (function, argument signature): what compiled code a
/// call reaches depends on both, so a site calling one function with Int
/// and with Float arguments is polymorphic.
enum class ICState : uint8_t { Uninitialized, Monomorphic, Polymorphic, Megamorphic };
/// How many distinct targets a polymorphic site remembers (as many as the
/// entries compiled call sites check inline).
constexpr unsigned MaxPolymorphicTargets = 4;

struct CallSiteFeedback {
  ICState State = ICState::Uninitialized;
  uint8_t NumTargets = 0;
  const FunctionDecl *Targets[MaxPolymorphicTargets] = {};
  uint64_t Sigs[MaxPolymorphicTargets] = {};
  uint64_t Count = 0;
};

/// How the resolver bound a call's callee.
enum class CallKind : uint8_t {
  Value,   ///< evaluate Callee and call the function value
  Direct,  ///< a top-level or associated function known at resolve time
  Builtin, ///< builtin function number BuiltinId
};

struct Call : Expr {
  Expr *Callee;
  std::vector<Expr *> Args;
  CallKind CK = CallKind::Value;
  FunctionDecl *Target = nullptr;
  int32_t BuiltinId = -1;
  CallSiteFeedback Feedback;
  Call(Expr *Callee, std::vector<Expr *> Args)
      : Expr(ExprKind::Call), Callee(Callee), Args(std::move(Args)) {}
};

/// `recv.name(args)`: a user method (struct impl) or a builtin method.
struct MethodCall : Expr {
  Expr *Recv;
  std::string Name;
  std::vector<Expr *> Args;
  /// Resolver: builtin method number (runtime/Methods.h) or -1 if no builtin
  /// method has this name.
  int32_t MethodId = -1;
  /// Inline cache for user methods: the struct last seen and its method.
  const StructDecl *CachedDecl = nullptr;
  FunctionDecl *CachedFn = nullptr;
  CallSiteFeedback Feedback;
  MethodCall(Expr *Recv, std::string Name, std::vector<Expr *> Args)
      : Expr(ExprKind::MethodCall), Recv(Recv), Name(std::move(Name)), Args(std::move(Args)) {}
};

struct Field : Expr {
  Expr *Obj;
  std::string Name;
  /// Inline cache: the struct last seen here and the field's index in it.
  const StructDecl *CachedDecl = nullptr;
  int32_t CachedIndex = -1;
  Field(Expr *Obj, std::string Name) : Expr(ExprKind::Field), Obj(Obj), Name(std::move(Name)) {}
};

/// `t.0`
struct TupleIndex : Expr {
  Expr *Obj;
  int64_t Index;
  TupleIndex(Expr *Obj, int64_t Index) : Expr(ExprKind::TupleIndex), Obj(Obj), Index(Index) {}
};

/// `a[i]` (also `s[a..b]` and `m[k]`).
struct Index : Expr {
  Expr *Obj, *Idx;
  uint32_t SeenKinds = 0; ///< Tier 0 feedback: kinds of the container
  /// Tier 0 feedback: kinds of the elements read here (Tier 2 speculates on
  /// them), and whether that speculation was given up.
  uint16_t ResultKinds = 0;
  /// Tier 0 feedback: element kinds (runtime ElemKind bits) of the arrays
  /// read (or, as an assignment's target, written) here; Tier 2 reads or
  /// writes one layout directly when it is the only one.
  uint8_t ElemKinds = 0;
  bool SpecFailed = false;
  Index(Expr *Obj, Expr *Idx) : Expr(ExprKind::Index), Obj(Obj), Idx(Idx) {}
};

enum class CastKind : uint8_t { ToFloat, ToInt, Identity };
struct Cast : Expr {
  Expr *Operand;
  CastKind CK;
  std::string TypeText; ///< the type as written, for messages and printing
  Cast(Expr *Operand, CastKind CK, std::string TypeText)
      : Expr(ExprKind::Cast), Operand(Operand), CK(CK), TypeText(std::move(TypeText)) {}
};

//===-- Constructors ------------------------------------------------------===//

struct ArrayLit : Expr {
  std::vector<Expr *> Elems;
  explicit ArrayLit(std::vector<Expr *> Elems) : Expr(ExprKind::ArrayLit), Elems(std::move(Elems)) {}
};
/// `[v; n]`
struct ArrayRepeat : Expr {
  Expr *Elem, *Count;
  ArrayRepeat(Expr *Elem, Expr *Count) : Expr(ExprKind::ArrayRepeat), Elem(Elem), Count(Count) {}
};
struct TupleLit : Expr {
  std::vector<Expr *> Elems;
  explicit TupleLit(std::vector<Expr *> Elems) : Expr(ExprKind::TupleLit), Elems(std::move(Elems)) {}
};
struct MapLit : Expr {
  std::vector<Expr *> Keys, Vals;
  MapLit() : Expr(ExprKind::MapLit) {}
};
/// `P { x: 1, y }` (shorthand fields are parsed as Ident initializers).
struct StructLit : Expr {
  std::string Name;
  std::vector<std::string> FieldNames;
  std::vector<Expr *> FieldVals;
  StructDecl *Decl = nullptr;  ///< resolver
  /// Resolver: for each declared field, the index into FieldVals, or -1 when
  /// the field takes its declared default.
  std::vector<int32_t> Order;
  explicit StructLit(std::string Name) : Expr(ExprKind::StructLit), Name(std::move(Name)) {}
};

//===-- Control flow ------------------------------------------------------===//

struct Block : Expr {
  std::vector<Expr *> Stmts;
  /// Items declared directly in this block (bound on entry so they are
  /// visible in the whole block).
  std::vector<FunctionDecl *> Functions;
  std::vector<StructDecl *> Structs;
  std::vector<struct ImplDecl *> Impls;
  /// Resolver: slot of each entry of Functions (nested functions are locals).
  std::vector<int32_t> FunctionSlots;
  Block() : Expr(ExprKind::Block) {}
};

struct If : Expr {
  Expr *Cond;
  Block *Then;
  Expr *Else; ///< null, a Block, or another If
  If(Expr *Cond, Block *Then, Expr *Else) : Expr(ExprKind::If), Cond(Cond), Then(Then), Else(Else) {}
};

/// Common part of while/loop/for: label and back-edge counter.
struct LoopExpr : Expr {
  std::string Label; ///< without the quote; empty when unlabelled
  Block *Body = nullptr;
  /// Tier 0 feedback: back-edges taken (iterations).
  uint64_t BackEdges = 0;
  /// Resolver: dense number of this loop within its function (OSR entries).
  int32_t LoopIndex = -1;
  /// Resolver: true when no enclosing expression of the loop is half
  /// evaluated (the loop sits in statement position all the way up), so
  /// compiled code may be entered at its header with only the frame slots
  /// (on-stack replacement).
  bool OsrEligible = false;
  /// Resolver, for `for` loops: hidden frame slots for the iterated value and
  /// the position in it, which is all an OSR entry needs to resume the loop.
  int32_t IterSlot = -1, IndexSlot = -1;
  /// The compiled OSR entry for this loop (jit/), once made; OsrFailed when
  /// compiling it failed (the loop stays interpreted).
  void *OsrEntry = nullptr;
  bool OsrFailed = false;
  bool OsrPending = false; ///< an OSR compile is queued or running
  /// The tier of OsrEntry's code (2: specialized), for time accounting.
  uint8_t OsrTier = 1;
  /// The tier manager's measurement of the loop in Tier 0 before an OSR
  /// compile: time (-1 not started, -2 decided), heap bytes and back-edges
  /// when it started, and the back-edge count to wait for.
  int64_t OsrProbeNs = -1;
  uint64_t OsrProbeBytes = 0;
  uint64_t OsrProbeObjects = 0;
  uint64_t OsrProbeEdges = 0;
  uint64_t OsrDeferUntil = 0;
  /// Times compiled code was entered at this loop's header.
  uint64_t OsrEntries = 0;
  /// Iterations run by compiled code, counted only while a report times the
  /// run (`ruchy-jit profile`, --tier-stats).
  uint64_t CompiledIters = 0;
  using Expr::Expr;
};
struct While : LoopExpr {
  Expr *Cond;
  explicit While(Expr *Cond) : LoopExpr(ExprKind::While), Cond(Cond) {}
};
struct Loop : LoopExpr {
  Loop() : LoopExpr(ExprKind::Loop) {}
};
struct For : LoopExpr {
  Pattern *Pat;
  Expr *Iterable;
  /// Tier 0 feedback for a plain local loop variable (see Assign::StoreKinds).
  uint16_t StoreKinds = 0;
  bool SpecFailed = false;
  For(Pattern *Pat, Expr *Iterable) : LoopExpr(ExprKind::For), Pat(Pat), Iterable(Iterable) {}
};

struct Break : Expr {
  std::string Label;
  Expr *Val = nullptr;
  LoopExpr *Target = nullptr; ///< resolver
  Break() : Expr(ExprKind::Break) {}
};
struct Continue : Expr {
  std::string Label;
  LoopExpr *Target = nullptr; ///< resolver
  Continue() : Expr(ExprKind::Continue) {}
};
struct Return : Expr {
  Expr *Val = nullptr;
  Return() : Expr(ExprKind::Return) {}
};

//===-- Patterns ----------------------------------------------------------===//

enum class PatternKind : uint8_t {
  Wildcard, ///< `_`
  Binding,  ///< `x`, `mut x`
  Literal,  ///< `1`, `-2`, `2.5`, `"s"`, `'c'`, `true`, `nil`
  Range,    ///< `1..=9`, `1..9` (Int or char bounds)
  Tuple,    ///< `(a, 0, _)`
  Or,       ///< `1 | 2 | 3`
};

struct Pattern {
  PatternKind K;
  Span Loc;
  std::string Name;            ///< Binding
  Expr *Lit = nullptr;         ///< Literal: an IntLit/FloatLit/StrLit/BoolLit/NilLit
  Expr *Lo = nullptr, *Hi = nullptr; ///< Range bounds (literals)
  bool Inclusive = false;
  std::vector<Pattern *> Subs; ///< Tuple elements, Or alternatives
  /// Resolver, for Binding: where the bound value goes.
  VarKind VK = VarKind::Unresolved;
  int32_t Slot = -1;
  /// Resolver, for a top-level let shadowed by a later top-level let of the
  /// same name: the name's global slot, which functions read, stored too.
  int32_t AliasSlot = -1;
  explicit Pattern(PatternKind K) : K(K) {}
  RUCHY_AST_POOLED(Pattern)
};

struct MatchArm {
  Pattern *Pat;
  Expr *Guard = nullptr;
  Expr *Body;
};
struct Match : Expr {
  Expr *Scrutinee;
  std::vector<MatchArm> Arms;
  explicit Match(Expr *Scrutinee) : Expr(ExprKind::Match), Scrutinee(Scrutinee) {}
};

//===-- Declarations ------------------------------------------------------===//

/// `let pat = init`, `const X = init`. Init may be null (`let x;`, Nil).
struct Let : Expr {
  Pattern *Pat;
  Expr *Init;
  bool IsConst = false;
  /// Tier 0 feedback for a plain local binding (see Assign::StoreKinds).
  uint16_t StoreKinds = 0;
  bool SpecFailed = false;
  Let(Pattern *Pat, Expr *Init) : Expr(ExprKind::Let), Pat(Pat), Init(Init) {}
};

struct Param {
  Pattern *Pat; ///< usually a Binding; `self` is a Binding named "self"
  Span Loc;
};

/// How a function's frame slots are laid out; filled by the resolver.
struct FrameLayout {
  int32_t NumSlots = 0;
  /// Slots of the parameters, in order (the caller writes arguments here).
  std::vector<int32_t> ParamSlots;
  /// For each parameter, true when its slot holds a Cell (it is captured).
  std::vector<bool> ParamIsCell;
};

/// Where a closure takes each capture from when it is created.
struct CaptureSource {
  bool FromEnclosingCapture; ///< true: enclosing closure's capture Index;
                             ///< false: enclosing frame slot Index (a Cell)
  int32_t Index;
};

/// Tier 0 feedback per function: calls, argument signatures, time.
struct FunctionFeedback {
  uint64_t Calls = 0;   ///< all calls, whichever tier ran them
  uint64_t CallsT1 = 0; ///< calls that ran Tier 1 code
  uint64_t CallsT2 = 0; ///< calls that ran Tier 2 (specialized) code
  /// Work done in Tier 0 since the last tier-up check: calls plus loop
  /// back-edges (a function called once that loops a million times is hot).
  uint64_t Hotness = 0;
  /// Self time in each tier, in time-stamp-counter ticks (only measured
  /// when a report asks for it: see Interpreter::enableTiming).
  uint64_t TicksT0 = 0, TicksT1 = 0, TicksT2 = 0;
  /// Argument-kind signatures seen, encoded 4 bits per argument
  /// (runtime/TypeSignature.h), with how often each was seen. The last
  /// signature is cached so a monomorphic function pays one compare.
  uint64_t LastSig = ~0ULL;
  uint64_t LastSigCount = 0;
  std::vector<std::pair<uint64_t, uint64_t>> Signatures;
};

struct FunctionDecl {
  std::string Name;     ///< "fib", "new" (a method's bare name), "<closure>"
  std::string QualName; ///< resolver: "fib", "Point::new", "<closure>"
  Span Loc;
  std::vector<Param> Params;
  Block *Body = nullptr;
  bool IsClosure = false;
  bool HasSelf = false;       ///< a method with a `self` receiver (Params[0])
  StructDecl *Owner = nullptr; ///< the struct whose impl declares it
  /// For closures: the Closure expression that creates it.
  Expr *ClosureExpr = nullptr;
  // Resolver results.
  FrameLayout Frame;
  std::vector<CaptureSource> Captures;
  std::vector<LoopExpr *> Loops; ///< loops in this function, by LoopIndex
  /// The function's value (a Closure with no captures) for named functions.
  Closure *Value = nullptr;
  /// Compiled code (jit/), or null while the function is interpreted. Its
  /// signature is `Value (*)(const Value *Args, Cell *const *Captures)`.
  void *JitCode = nullptr;
  /// Set when compiling failed: the function stays in Tier 0 for good.
  /// JitCode and JitFailed may be set by the background compiler thread.
  bool JitFailed = false;
  /// A compile of the function is queued or running.
  bool JitPending = false;
  /// Tier 2 method cache: specialized code per argument-kind signature
  /// (runtime/TypeSignature.h). Entry has JitCode's signature. The compiler
  /// fills Specs[NumSpecs] and then publishes NumSpecs (release).
  struct Specialization {
    uint64_t Sig = 0;
    void *Entry = nullptr;
    /// The method cache's clock (interp/Interpreter.h SpecUseClock) at the
    /// entry's last call through the cache: least recently used goes first.
    uint64_t LastUse = 0;
  };
  static constexpr unsigned MaxSpecs = 8;
  Specialization Specs[MaxSpecs];
  uint32_t NumSpecs = 0;
  /// No more specializations will be made (cap reached, or a compile
  /// failed): calls use the generic code.
  bool SpecsClosed = false;
  /// Tier 0 feedback.
  FunctionFeedback Feedback;
  RUCHY_AST_POOLED(FunctionDecl)
};

/// `|a, b| body`, `fn(x) { body }`
struct ClosureExpr : Expr {
  FunctionDecl *Fn;
  explicit ClosureExpr(FunctionDecl *Fn) : Expr(ExprKind::Closure), Fn(Fn) {}
};

struct FieldDecl {
  std::string Name;
  Expr *Default = nullptr; ///< `y: i32 = 0`
  Span Loc;
};

struct StructDecl {
  std::string Name;
  Span Loc;
  std::vector<FieldDecl> Fields;
  /// Methods from `impl` blocks and from the struct body.
  std::vector<FunctionDecl *> Methods;
  /// Index of a field by name, -1 if none.
  int32_t fieldIndex(const std::string &N) const {
    for (size_t I = 0; I < Fields.size(); ++I)
      if (Fields[I].Name == N)
        return static_cast<int32_t>(I);
    return -1;
  }
  FunctionDecl *method(const std::string &N) const {
    for (FunctionDecl *F : Methods)
      if (F->Name == N)
        return F;
    return nullptr;
  }
  RUCHY_AST_POOLED(StructDecl)
};

/// `impl Name { fns }`: the parser attaches the methods to the struct by name
/// when the struct is known, the resolver otherwise.
struct ImplDecl {
  std::string TypeName;
  Span Loc;
  std::vector<FunctionDecl *> Methods;
  RUCHY_AST_POOLED(ImplDecl)
};

/// A nested item used as a statement (see ExprKind::Item).
struct ItemStmt : Expr {
  ItemStmt() : Expr(ExprKind::Item) {}
};

//===-- Macros ------------------------------------------------------------===//

enum class MacroKind : uint8_t {
  Println, Print, Eprintln, Eprint, Format, Panic, Assert, AssertEq, Dbg,
};

/// `println!("x = {}", x)` etc. For the formatting macros the first argument
/// must be a string literal; the parser splits it into Pieces (holes refer
/// to Args by index, or carry their own expression for `{name}`). `vec!` is
/// parsed as an ArrayLit/ArrayRepeat and never appears here.
struct Macro : Expr {
  MacroKind MK;
  std::vector<FormatPiece> Pieces; ///< formatting macros only
  bool HasFormat = false;          ///< false: no format string (`println!()`)
  std::vector<Expr *> Args;        ///< arguments after the format string,
                                   ///< or all arguments for assert macros
  Macro(MacroKind MK) : Expr(ExprKind::Macro), MK(MK) {}
};

//===-- Program -----------------------------------------------------------===//

struct Program {
  std::string FileName;
  std::string Source;
  /// Top-level statements in order (lets, expressions).
  Block *TopLevel = nullptr;
  /// Top-level functions (hoisted), structs and impls.
  std::vector<FunctionDecl *> Functions;
  std::vector<StructDecl *> Structs;
  std::vector<ImplDecl *> Impls;
  // Resolver results.
  /// The pseudo-function that runs the top level (its frame holds the
  /// top-level block's non-global locals).
  FunctionDecl *TopFn = nullptr;
  std::vector<std::string> GlobalNames; ///< global slot -> name
  FunctionDecl *Main = nullptr;         ///< `main`, if defined
  /// Resolver: every function, method and closure, in source order (for
  /// reports).
  std::vector<FunctionDecl *> AllFunctions;
  /// Interpreter: time-stamp-counter ticks per second, when timing ran.
  double TicksPerSecond = 0;
  /// Resolver: a pseudo-function whose frame evaluates struct field defaults.
  FunctionDecl *DefaultsFn = nullptr;
  RUCHY_AST_POOLED(Program)
};

} // namespace ast
} // namespace ruchy

#endif
