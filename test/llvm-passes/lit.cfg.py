# lit configuration of the FileCheck tests of llvm-passes/ (run by ctest as
# `llvm-passes`; by hand:
#   /usr/lib/llvm-19/build/utils/lit/lit.py -v test/llvm-passes \
#       --param plugin=build/lib/RuchyPasses.so --param output=build/test/llvm-passes
import os

import lit.formats

config.name = "ruchy-llvm-passes"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".ll"]
config.test_source_root = os.path.dirname(__file__)
# lit's own files (Output/, .lit_test_times.txt) go to the build tree.
config.test_exec_root = os.path.abspath(lit_config.params.get("output", "build/test/llvm-passes"))
# opt and FileCheck of LLVM 19 (Debian's llvm-19 and llvm-19-tools).
config.environment["PATH"] = "/usr/lib/llvm-19/bin" + os.pathsep + os.environ.get("PATH", "")
plugin = lit_config.params.get("plugin")
if plugin:
    plugin = os.path.abspath(plugin)
if not plugin:
    lit_config.fatal("pass --param plugin=PATH/RuchyPasses.so")
config.substitutions.append(("%ruchy-opt", f"opt -load-pass-plugin={plugin}"))
