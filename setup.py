"""The build step pyproject.toml's setuptools runs: CMake builds the module wildplan._wildplan.

It configures a Release build of this checkout in setuptools' temporary directory (tests, bench
and fuzz off), builds the target `_wildplan` for the Python running pip, and copies the module
where setuptools packs it. Environment: CMAKE (the cmake to run), CMAKE_BUILD_PARALLEL_LEVEL
(jobs, default 2), WILDPLAN_CMAKE_ARGS (more -D options).
"""

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

TOP = os.path.dirname(os.path.abspath(__file__))


def version():
    with open(os.path.join(TOP, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"project\(wildplan VERSION ([0-9.]+)", f.read()).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        cmake = os.environ.get("CMAKE", "cmake")
        build = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        args = [cmake, "-S", TOP, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                "-DWILDPLAN_BUILD_TESTS=OFF", "-DWILDPLAN_PYTHON=ON",
                f"-DPython_EXECUTABLE={sys.executable}"]
        args += shlex.split(os.environ.get("WILDPLAN_CMAKE_ARGS", ""))
        subprocess.run(args, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run([cmake, "--build", build, "--target", "_wildplan", "-j", jobs], check=True)
        built = glob.glob(os.path.join(build, "python", "wildplan", "_wildplan*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one built module, found {built}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(version=version(),
      ext_modules=[Extension("wildplan._wildplan", sources=[])],
      cmdclass={"build_ext": CMakeBuild})
