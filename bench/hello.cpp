// The start-up floor: a C++ hello-world built with the same compiler, flags and runtime linking
// as the wildplan binary (see bench/CMakeLists.txt).
#include <cstdio>

int main() {
  std::puts("hello, world");
  return 0;
}
