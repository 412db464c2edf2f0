// git's three-way text merge through libgit2 (text_merge.hpp).
#include "merge/text_merge.hpp"

#include <algorithm>
#include <cstring>

#include "git/libgit2.hpp"

namespace wildplan::detail {
namespace {

/// Owns a git_merge_file_result.
struct MergeFileResult {
  git_merge_file_result r{};
  // Only a merge libgit2 made has anything to free: when libgit2 cannot be loaded, lg2() throws,
  // and a destructor that called it again while that unwinds would terminate the program.
  ~MergeFileResult() {
    if (r.ptr || r.path) lg2().git_merge_file_result_free(&r);
  }
};

/// libgit2's merge of the three texts. `r.ptr` stays null when a side is binary.
void run_merge(MergeFileResult& out, std::string_view base, std::string_view ours,
               std::string_view theirs, unsigned marker_size, const char* ours_label,
               const char* theirs_label) {
  git_merge_file_input in[3] = {};
  const std::string_view texts[3] = {base, ours, theirs};
  for (int i = 0; i < 3; ++i) {
    in[i].version = GIT_MERGE_FILE_INPUT_VERSION;
    in[i].ptr = texts[i].data();
    in[i].size = texts[i].size();
  }
  git_merge_file_options opts{};
  opts.version = GIT_MERGE_FILE_OPTIONS_VERSION;
  opts.our_label = ours_label;
  opts.their_label = theirs_label;
  opts.marker_size = static_cast<unsigned short>(marker_size);
  check(lg2().git_merge_file(&out.r, &in[0], &in[1], &in[2], &opts), "cannot merge the files");
}

/// The longest run of one marker character ('<', '=', '>', '|') that starts a line of `text`.
std::size_t longest_marker_run(std::string_view text) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    std::size_t j = i;
    if (c == '<' || c == '=' || c == '>' || c == '|') {
      while (j < text.size() && text[j] == c) ++j;
      best = std::max(best, j - i);
    }
    const auto nl = text.find('\n', j);
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  return best;
}

/// Whether `line` is a marker: `size` times `c`, then a blank or the line end.
bool is_marker(std::string_view line, char c, std::size_t size) {
  if (line.size() < size) return false;
  for (std::size_t i = 0; i < size; ++i) {
    if (line[i] != c) return false;
  }
  return line.size() == size || line[size] == ' ' || line[size] == '\r' || line[size] == '\n';
}

std::string_view line_end_of(std::string_view line) {
  if (line.ends_with("\r\n")) return "\r\n";
  return "\n";
}

std::size_t count_lines(std::string_view text) {
  const auto n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return n + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

struct Hunk {
  std::size_t old_begin, old_size, new_begin, new_size;  // 0-based
};

int on_hunk(const git_diff_delta*, const git_diff_hunk* h, void* payload) {
  auto* hunks = static_cast<std::vector<Hunk>*>(payload);
  const auto old_size = static_cast<std::size_t>(h->old_lines);
  const auto new_size = static_cast<std::size_t>(h->new_lines);
  // a side with no lines names the line after which the change goes, the others their first
  const auto old_begin = static_cast<std::size_t>(h->old_start) - (old_size ? 1 : 0);
  const auto new_begin = static_cast<std::size_t>(h->new_start) - (new_size ? 1 : 0);
  hunks->push_back({old_begin, old_size, new_begin, new_size});
  return 0;
}

}  // namespace

std::vector<LineMapping> line_map(std::string_view before, std::string_view after) {
  git_diff_options opts{};
  check(lg2().git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION), "cannot set up a diff");
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_FORCE_TEXT;
  std::vector<Hunk> hunks;
  check(lg2().git_diff_buffers(before.data(), before.size(), nullptr, after.data(), after.size(),
                               nullptr, &opts, nullptr, nullptr, on_hunk, nullptr, &hunks),
        "cannot compare the files");
  const std::size_t lines = count_lines(before);
  std::vector<LineMapping> map(lines);
  std::size_t i = 0, j = 0;
  for (const Hunk& h : hunks) {
    for (; i < h.old_begin && i < lines; ++i, ++j) map[i] = {j, true};
    for (; i < h.old_begin + h.old_size && i < lines; ++i)
      map[i] = {h.new_begin + h.new_size, false};
    j = h.new_begin + h.new_size;
  }
  for (; i < lines; ++i, ++j) map[i] = {j, true};
  return map;
}

bool is_binary(std::string_view text) {
  return std::memchr(text.data(), 0, std::min<std::size_t>(text.size(), 8000)) != nullptr;
}

TextMergeResult merge_text(std::string_view base, std::string_view ours, std::string_view theirs,
                           unsigned marker_size, const std::string& ours_label,
                           const std::string& theirs_label) {
  TextMergeResult out;
  if (is_binary(base) || is_binary(ours) || is_binary(theirs)) {
    // git never merges the content when a side is the base; its binary merge keeps ours
    out.clean = ours == theirs || ours == base || theirs == base;
    out.bytes = std::string(ours == base ? theirs : ours);
    out.binary = !out.clean;
    return out;
  }
  MergeFileResult r;
  run_merge(r, base, ours, theirs, marker_size, ours_label.c_str(), theirs_label.c_str());
  if (r.r.ptr) out.bytes.assign(r.r.ptr, r.r.len);
  out.clean = r.r.automergeable != 0;
  return out;
}

std::optional<TextPieces> merge_pieces(std::string_view base, std::string_view ours,
                                       std::string_view theirs) {
  if (is_binary(base) || is_binary(ours) || is_binary(theirs)) return std::nullopt;
  const std::size_t run =
      std::max({longest_marker_run(base), longest_marker_run(ours), longest_marker_run(theirs)});
  if (run >= 65534) return std::nullopt;
  const std::size_t size = std::max<std::size_t>(7, run + 1);  // no input line can be a marker
  MergeFileResult r;
  run_merge(r, base, ours, theirs, static_cast<unsigned>(size), "o", "t");
  TextPieces out;
  out.bytes = std::make_unique<std::string>(r.r.ptr ? std::string(r.r.ptr, r.r.len) : "");
  out.clean = r.r.automergeable != 0;
  const std::string_view all(*out.bytes);
  enum class State { Clean, Ours, Theirs } state = State::Clean;
  for (std::size_t i = 0; i < all.size();) {
    const std::size_t nl = all.find('\n', i);
    const std::size_t end = nl == std::string_view::npos ? all.size() : nl + 1;
    const std::string_view line = all.substr(i, end - i);
    i = end;
    if (state == State::Clean && is_marker(line, '<', size)) {
      out.pieces.push_back({true, {}, {}, {}, line_end_of(line)});
      state = State::Ours;
    } else if (state == State::Ours && is_marker(line, '=', size)) {
      state = State::Theirs;
    } else if (state == State::Theirs && is_marker(line, '>', size)) {
      state = State::Clean;
    } else if (state == State::Ours) {
      out.pieces.back().ours.push_back(line);
    } else if (state == State::Theirs) {
      out.pieces.back().theirs.push_back(line);
    } else {
      if (out.pieces.empty() || out.pieces.back().conflict) out.pieces.push_back({});
      out.pieces.back().lines.push_back(line);
    }
  }
  return out;
}

}  // namespace wildplan::detail
