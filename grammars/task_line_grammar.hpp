#pragma once
// The task-line grammar: the start of a checklist item (list marker and box) and the text after
// the box (id, markers, title, `| key: value` fields, dependencies), and phase headings.
// Markdown structure is cmark-gfm's job; these rules read one line of an item it found.

#include <tao/pegtl.hpp>

namespace wildplan::grammar {
using namespace tao::pegtl;

// clang-format off
struct eol_or_eof    : sor<one<'\n', '\r'>, eof> {};
struct bold          : string<'*', '*'> {};
struct em_dash       : string<'\xE2', '\x80', '\x94'> {};  // U+2014
struct en_dash       : string<'\xE2', '\x80', '\x93'> {};  // U+2013

// The start of an item: `- [ ] `, `1. [x] `, `* [/]`, Kiro's optional `- [ ]* ` or `- [ ]\* `.
// The box holds one character: a space, x or X, or ASCII punctuation. Letters and digits are
// not boxes: `- [P] tasks = ...` and `- [1] Title` are ordinary items. A box glued to its text
// (`- [x]Write`, `- [-]2. Wire`) is an agent's slip the parser reads as a task and warns about;
// glued to `(`, `[` or `:` it is a link (`[x](url)`, `[x][ref]`) or a link reference definition
// (`[x]: url`, which changes the item's structure), never a task.
struct bullet        : one<'-', '+', '*'> {};
struct ordered_marker : seq<rep_min_max<1, 9, digit>, one<'.', ')'>> {};
struct list_marker   : sor<bullet, ordered_marker> {};
struct box_char      : one<' ', 'x', 'X', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+',
                           ',', '-', '.', '/', ':', ';', '<', '=', '>', '?', '@', '\\', '^', '_',
                           '`', '{', '|', '}', '~'> {};
struct box           : seq<one<'['>, box_char, one<']'>> {};
struct optional_mark : sor<one<'*'>, string<'\\', '*'>> {};
struct box_end       : sor<plus<blank>, at<eol_or_eof>> {};
struct glued         : not_at<sor<blank, eol_or_eof, one<'(', '[', ':'>>> {};
struct task_start    : seq<list_marker, plus<blank>, box,
                           sor<seq<opt<optional_mark>, box_end>, glued>> {};
// A letter or digit in the box makes a task only when the configuration names it as a status
// (`"statuses": {"v": "done"}`): the parser tries this rule then, and asks the status map.
struct named_box     : seq<one<'['>, alnum, one<']'>> {};
struct named_task_start : seq<list_marker, plus<blank>, named_box,
                           sor<seq<opt<optional_mark>, box_end>, glued>> {};

// Ids, in the forms agents write them.
struct id_number     : seq<plus<digit>, star<sor<alpha, seq<one<'.'>, plus<digit>>>>> {};
struct id_sep        : sor<one<':', '.', '-'>, em_dash, en_dash> {};
struct word_id_body  : seq<TAO_PEGTL_ISTRING("task"), plus<blank>, id_number> {};
struct word_id       : seq<opt<bold>, word_id_body,
                           sor<seq<one<':'>, opt<bold>>, seq<opt<bold>, star<blank>, id_sep>>,
                           at<sor<blank, eol_or_eof>>> {};  // Task 3:  **Task 1.1**:  Task 2a -
// A letter after the number is a task inserted between two (`[P2-T2a]`, as `Task 2a`).
struct phased_id_body : seq<one<'P'>, plus<digit>, one<'-'>, one<'T'>, plus<digit>, star<alpha>,
                           star<seq<one<'.'>, plus<digit>>>> {};
struct phased_id     : seq<one<'['>, phased_id_body, one<']'>> {};  // [P1-T2] [P2-T2a] [P3-T4.1]
struct speckit_id_body : seq<one<'T'>, rep_min<2, digit>> {};
struct speckit_id    : seq<opt<bold>, speckit_id_body, not_at<alnum>, opt<bold>,
                           opt<one<':'>>> {};                              // T001  **T001**
struct number_id_body : seq<plus<digit>, plus<seq<one<'.'>, plus<digit>>>> {};
struct ordinal_id_body : plus<digit> {};
struct number_id     : sor<seq<number_id_body, opt<one<'.'>>, at<blank>>,          // 8.5  1.1.1
                           seq<ordinal_id_body, one<'.'>, at<blank>>> {};          // 1.
struct key_id_body   : seq<rep_min<2, upper>, one<'-'>, plus<digit>> {};
struct key_id        : seq<bold, key_id_body, opt<one<':'>>, bold, opt<one<':'>>> {};  // **FND-01**:
struct task_id       : sor<phased_id, word_id, key_id, speckit_id, number_id> {};

// Bracketed tags: [P], [US1], [SETUP]. A Markdown link `[text](url)` is not a tag.
struct marker_text   : plus<not_one<']', '[', ' ', '\t', '\n', '\r'>> {};
struct marker        : seq<not_at<phased_id>, one<'['>, marker_text, one<']'>,
                           not_at<one<'(', '['>>> {};
struct markers       : star<marker, star<blank>> {};

// Fields: ` | key: value` after the title. The blanks before the bar belong to what precedes
// it (the actions trim them): looking ahead over them from every blank of a long run would take
// time quadratic in the run (a fuzzer's find).
struct field_key     : seq<alpha, star<sor<alnum, one<'-', '_'>>>> {};
struct field_sep     : seq<one<'|'>, plus<blank>> {};
struct field_start   : seq<field_sep, field_key, one<':'>> {};
struct field_value   : star<not_at<field_start>, not_one<'\n', '\r'>> {};
struct field         : seq<field_sep, field_key, one<':'>, star<blank>, field_value> {};
struct title         : star<not_at<field_start>, not_one<'\n', '\r'>> {};

struct task_text     : seq<markers, opt<task_id, star<blank>>, markers, title, star<field>> {};

// Dependencies: a `depends:` field's value, or a `(depends on T012, T013)` phrase.
// `Task 3` is one id (the seed's own form), not the two words `Task` and `3`.
struct dep_word_id   : seq<TAO_PEGTL_ISTRING("task"), plus<blank>, plus<digit>, not_at<alnum>> {};
struct dep_id        : sor<dep_word_id, plus<sor<alnum, one<'-', '.', '#', '_'>>>> {};
struct dep_sep       : sor<seq<star<blank>, one<','>, star<blank>>,
                           seq<plus<blank>, TAO_PEGTL_ISTRING("and"), plus<blank>>, plus<blank>> {};
struct dep_list      : list<dep_id, dep_sep> {};
struct depends_phrase : seq<one<'('>, star<blank>, TAO_PEGTL_ISTRING("depends"), plus<blank>,
                           TAO_PEGTL_ISTRING("on"), opt<one<':'>>, plus<blank>, dep_list,
                           star<blank>, one<')'>> {};

// Phase headings: `Phase 2 - Experiment Design`, `Phase 3: User Story 1 (Priority: P1)`.
struct phase_number  : seq<plus<digit>, star<seq<one<'.'>, plus<digit>>>> {};
struct phase_name    : star<any> {};
struct phase_heading : seq<TAO_PEGTL_ISTRING("phase"), plus<blank>, phase_number, not_at<alnum>,
                           star<blank>, opt<sor<one<'-', ':', '.'>, em_dash, en_dash>>,
                           star<blank>, phase_name> {};
// clang-format on

}  // namespace wildplan::grammar
