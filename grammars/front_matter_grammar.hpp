#pragma once
// YAML front matter at the start of a task file, as Spec Kit, static site generators and many
// agents write it: a line `---`, lines of YAML, a line `---` (or YAML's `...`). CommonMark has no
// front matter and reads it as a thematic break and, when the closing line follows text
// directly, a setext heading titled by the YAML. What is YAML is judged line by line, loosely:
// a `key:` line, an indented line, a `#` comment, a `- ` item or a blank line; at least one
// `key:` line; anything else (a sentence, a heading) means the `---` was a thematic break.

#include <tao/pegtl.hpp>

namespace wildplan::grammar {
using namespace tao::pegtl;

// clang-format off
struct fm_eol        : sor<string<'\r', '\n'>, one<'\n', '\r'>> {};
struct fm_rest       : star<not_one<'\n', '\r'>> {};
struct fm_blank_line : seq<star<blank>, fm_eol> {};
struct fm_open       : seq<string<'-', '-', '-'>, star<blank>, fm_eol> {};
struct fm_close      : seq<sor<string<'-', '-', '-'>, string<'.', '.', '.'>>, star<blank>,
                           sor<fm_eol, eof>> {};
struct fm_key        : seq<not_one<' ', '\t', '\n', '\r', '#', '-', ':'>,
                           star<not_one<':', '\n', '\r'>>, one<':'>,
                           sor<blank, at<fm_eol>, eof>> {};
struct fm_line       : sor<fm_blank_line,
                           seq<one<' ', '\t', '#'>, fm_rest, fm_eol>,            // nested, comment
                           seq<one<'-'>, sor<blank, at<fm_eol>>, fm_rest, fm_eol>,  // - item
                           seq<fm_key, fm_rest, fm_eol>> {};
struct fm_body       : star<not_at<fm_close>, fm_line> {};
struct front_matter  : seq<star<fm_blank_line>, fm_open, fm_body, fm_close> {};
// clang-format on

}  // namespace wildplan::grammar
