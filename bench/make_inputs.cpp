#include "make_inputs.hpp"

#include <string_view>

namespace wildplan::bench {

std::string make_task_list(std::size_t tasks) {
  static constexpr std::string_view kStatus = "  x /  x  ";
  std::string out = "# Tasks\n\n## Goal\nA generated plan\n\n## Analysis\nNone.\n\n";
  std::size_t n = 0;
  for (std::size_t phase = 1; n < tasks; ++phase) {
    out += "## Phase " + std::to_string(phase) + " - Generated\n";
    for (std::size_t t = 1; t <= 100 && n < tasks; ++t) {
      const std::string id = "[P" + std::to_string(phase) + "-T" + std::to_string(t) + "]";
      out += "- [";
      out += kStatus[n % kStatus.size()];
      out += "] " + id + " Run the sweep point lr=3e-4 | deliverable: results/p" +
             std::to_string(phase) + ".md | done-when: val_loss < 3.30\n";
      ++n;
      for (int s = 1; s <= 2 && t % 3 == 0 && n < tasks; ++s, ++n) {
        out += "  - [ ] " + id + "." + std::to_string(s) + " Check the curve\n";
      }
    }
    out += '\n';
  }
  return out;
}

std::string make_reply(std::size_t bytes) {
  std::string out =
      "Print your plan:\n```\n<plan>\n(Copy of the task list you wrote to tasks.md)\n</plan>\n"
      "```\n";
  static constexpr std::string_view kNoise[] = {
      "2025-11-25T10:00:00Z INFO trainer: step=100 loss=3.1 lr=6e-4 tok/s=51000\n",
      "```python\n    if step < warmup:\n        lr = max_lr * step / warmup\n```\n",
      "Note: the answer needs a <pla",
      "n block later; I will close the </plan\nsection after the sweep.\n",
      "[tool_result] {\"html\": \"<div class=\\\"run\\\">42</div>\"} a<b and `code` here\n",
  };
  for (std::size_t i = 0; out.size() < bytes; ++i) out += kNoise[i % std::size(kNoise)];
  out += "\n<plan>\n# Tasks\n\n## Tasks\n";
  for (int t = 1; t <= 12; ++t)
    out += "- [ ] Task " + std::to_string(t) + ": do step " + std::to_string(t) + "\n";
  out += "</plan>\n";
  return out;
}

}  // namespace wildplan::bench
