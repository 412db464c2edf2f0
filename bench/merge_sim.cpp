// The merge simulation as a benchmark row (bench/run.py --only merge): N random pairs of agent
// edits on the shared corpus's task lists, merged by git's text merge and by the merge driver.
// usage: merge_sim CORPUS_TASKS_DIR [PAIRS] [SEED]; prints one JSON object.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "merge_simulation.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: merge_sim CORPUS_TASKS_DIR [PAIRS] [SEED]\n");
    return 2;
  }
  const std::size_t pairs = argc > 2 ? std::stoul(argv[2]) : 10000;
  const std::uint64_t seed = argc > 3 ? std::stoull(argv[3]) : 20251125;
  std::vector<wildplan::sim::Base> bases;
  for (const auto& e : fs::directory_iterator(argv[1])) {
    if (e.path().extension() != ".md") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bases.push_back(wildplan::sim::make_base(e.path().filename().string(), ss.str()));
  }
  std::sort(bases.begin(), bases.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  const auto t0 = std::chrono::steady_clock::now();
  const wildplan::sim::Stats s = wildplan::sim::simulate(bases, pairs, seed);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "{\"pairs\": %zu, \"edits\": %zu, \"bases\": %zu, \"git_conflicts\": %zu, "
      "\"driver_conflicts\": %zu, \"git_lost\": %zu, \"driver_lost\": %zu, \"git_set_back\": %zu, "
      "\"driver_set_back\": %zu, \"worse_than_git\": %zu, \"as_text\": %zu, \"seconds\": %.3f}\n",
      s.pairs, s.edits, bases.size(), s.git_conflicts, s.driver_conflicts, s.git_lost,
      s.driver_lost, s.git_set_back, s.driver_set_back, s.worse_than_git, s.as_text, secs);
  for (const std::string& f : s.failures) std::fprintf(stderr, "%s\n", f.c_str());
  return s.driver_lost == 0 && s.driver_set_back == 0 && s.worse_than_git == 0 ? 0 : 1;
}
