// The start-up floor: a C++ hello-world, built with the same compiler and flags as wildplan
// (see bench/CMakeLists.txt).
#include <iostream>

int main() {
  std::cout << "hello, world\n";
  return 0;
}
