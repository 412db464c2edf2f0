#pragma once
// A prompt template, as the loop keeps its prompts (`wild_v2_planning.prompt.md`, the skills'
// SKILL.md files): front matter between `---` lines that declares the template's `variables:`
// (a block list of `- name` items, or a flow list `[a, b]`) beside other keys (`name:`,
// `description:`, `category:`, with lines nested under them), then the prompt, in which
// `{{name}}` is a placeholder. A placeholder is exactly `{{`, a name, `}}`: no blanks inside, as
// the loop's renderer replaces `"{{" + name + "}}"`; anything else between braces
// (`{{"context": ...}}`) is text. A name is a letter or `_`, then letters, digits or `_`.

#include <tao/pegtl.hpp>

namespace wildplan::grammar::prompt {
using namespace tao::pegtl;

// clang-format off
struct eol            : sor<string<'\r', '\n'>, one<'\n', '\r'>> {};
struct rest           : star<not_one<'\n', '\r'>> {};
struct name           : seq<ranges<'a', 'z', 'A', 'Z', '_'>, star<ranges<'a', 'z', 'A', 'Z', '0', '9', '_'>>> {};
struct dashes         : seq<string<'-', '-', '-'>, star<blank>> {};
struct blank_line     : seq<star<blank>, eol> {};
struct comment_line   : seq<star<blank>, one<'#'>, rest, eol> {};

// variables: a block list (`- goal` lines) or a flow list (`[goal, workdir]`)
struct declared       : name {};  // under must<>: "a variable's name is ..."
struct item_end       : seq<star<blank>, sor<eol, at<eof>>> {};
struct item           : if_must<seq<star<blank>, one<'-'>, plus<blank>>, declared, item_end> {};
struct flow_end       : one<']'> {};  // under must<>: "expected `,` or `]`"
struct flow_item      : seq<declared, star<blank>> {};
struct flow_rest      : sor<one<']'>,
                            seq<flow_item, star<one<','>, star<blank>, flow_item>, flow_end>> {};
struct flow_list      : seq<one<'['>, star<blank>, flow_rest> {};
struct variables_key  : seq<string<'v', 'a', 'r', 'i', 'a', 'b', 'l', 'e', 's'>, star<blank>, one<':'>> {};
struct variables      : seq<variables_key, star<blank>,
                            sor<seq<flow_list, item_end>, seq<eol, star<item>>>> {};

// any other key, and what is nested under it (indented lines, `- ` items)
struct key            : seq<not_one<' ', '\t', '\n', '\r', '#', '-', ':'>, star<not_one<':', '\n', '\r'>>> {};
struct other_key      : seq<key, one<':'>, rest, eol> {};
struct nested_line    : seq<sor<plus<blank>, seq<one<'-'>, sor<blank, at<eol>>>>, rest, eol> {};
struct other_entry    : seq<other_key, star<sor<blank_line, nested_line>>> {};

struct header_line    : sor<blank_line, comment_line, variables, other_entry> {};
struct close_line     : seq<dashes, sor<eol, eof>> {};
struct opening        : seq<dashes, eol> {};  // under must<>: "a template starts with ..."
struct closing        : close_line {};        // under must<>: "expected ... or `---`"
struct front_matter   : seq<star<blank_line>, must<opening>,
                            star<not_at<close_line>, header_line>, must<closing>> {};

// the prompt
struct placeholder    : seq<string<'{', '{'>, name, string<'}', '}'>> {};
struct body           : star<sor<placeholder, any>> {};
// clang-format on

}  // namespace wildplan::grammar::prompt
