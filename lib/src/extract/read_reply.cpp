// read_reply(): a reply read as every command that takes one reads it (extract.hpp). A named
// file that is a JSON-lines transcript is streamed line by line, so that a transcript of
// hundreds of megabytes is never held whole; standard input and text are read whole.
#include <filesystem>
#include <fstream>

#include "wildplan/extract.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan {
namespace {

/// Whether the file `in` holds should be read as JSON lines: as asked, or, when Auto, as its
/// first 64 KiB look. Leaves `in` at its start.
bool reads_as_json_lines(std::ifstream& in, InputFormat format) {
  if (format == InputFormat::JsonLines) return true;
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  in.clear();
  in.seekg(0);
  return looks_like_json_lines(head);
}

}  // namespace

Reply read_reply(const std::string& path, ExtractOptions options) {
  std::error_code ec;
  if (path != "-" && options.format != InputFormat::Text && !options.transcript &&
      std::filesystem::is_regular_file(path, ec)) {
    std::ifstream file(path, std::ios::binary);
    if (file && reads_as_json_lines(file, options.format)) {
      auto transcript = std::make_shared<const Transcript>(read_transcript(file, path));
      options.transcript = transcript;
      return extract_reply(std::shared_ptr<const Source>(transcript, &transcript->text), options);
    }
  }
  return extract_reply(std::make_shared<const Source>(read_source(path)), options);
}

}  // namespace wildplan
