#pragma once
// The agent-reply grammar: the loop's tags, fenced code block lines and backtick runs. The
// scanner in lib/src/extract/scanner.cpp finds candidate bytes and tries these rules there;
// everything that is matched is defined here.

#include <tao/pegtl.hpp>

namespace wildplan::grammar {
using namespace tao::pegtl;  // PEGTL's own examples do the same inside their namespace

// clang-format off
struct line_end      : sor<one<'\n', '\r'>, eof> {};  // LF, CRLF and lone CR all end a line

// Tags. Any name: the scanner keeps the ones it is asked for (the loop's six and the extra
// names of ExtractOptions::tags), compared without case. An opening tag may carry whitespace and
// attributes, but a tag never spans lines (`<plan\n>` in prose is not a tag) and `<plan/>` opens
// nothing.
struct name_char     : sor<alnum, one<'-', '_', ':', '.'>> {};
struct tag_name      : seq<alpha, star<name_char>> {};
struct attr_char     : sor<not_one<'/', '>', '\n', '\r'>, seq<one<'/'>, not_at<one<'>'>>>> {};
struct attributes    : seq<plus<blank>, star<attr_char>> {};
struct open_tag      : seq<one<'<'>, tag_name, opt<attributes>, one<'>'>> {};
struct close_tag     : seq<one<'<'>, one<'/'>, tag_name, star<blank>, one<'>'>> {};

// Fenced code blocks (CommonMark: three or more backticks or tildes; a backtick fence's info
// string holds no backtick; the closing run is of the same character, at least as long, with
// nothing but blanks after it). Any indentation is accepted: the scanner does not track list
// containers, and a fence indented under a list item is still a fence.
struct fence_indent  : star<blank> {};
struct backtick_run  : plus<one<'`'>> {};
struct tilde_run     : plus<one<'~'>> {};
struct backtick_info : star<not_one<'`', '\n', '\r'>> {};
struct tilde_info    : star<not_one<'\n', '\r'>> {};
struct backtick_fence_open : seq<at<rep<3, one<'`'>>>, backtick_run, backtick_info, at<line_end>> {};
struct tilde_fence_open : seq<at<rep<3, one<'~'>>>, tilde_run, tilde_info, at<line_end>> {};
struct fence_open    : seq<fence_indent, sor<backtick_fence_open, tilde_fence_open>> {};
struct fence_close   : seq<fence_indent, sor<backtick_run, tilde_run>, star<blank>, at<line_end>> {};

// Inline code spans open and close with backtick runs of equal length (backtick_run above).

// <memories> items, as the loop reads them: one per bulleted line, `- [tag] text` or `- text`
// (the tag is then "general").
struct memory_tag    : plus<not_one<']', '\n', '\r'>> {};
struct memory_tagged : seq<one<'['>, memory_tag, one<']'>, star<blank>> {};
struct memory_text   : plus<not_one<'\n', '\r'>> {};
struct memory_item   : seq<star<blank>, one<'-', '*', '+'>, plus<blank>, opt<memory_tagged>,
                           memory_text> {};
// clang-format on

}  // namespace wildplan::grammar
