// UTF-8 wherever text enters: which byte strings are well-formed, where the
// first bad byte is, and the short printable excerpt an error message quotes
// instead of a client's value.

#include "base/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace velum {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  for (const char* text :
       {"", "calm", "café", "日本語", "🙂", "\x7F", "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_TRUE(is_valid_utf8(text)) << text;
  }
}

TEST(Utf8, RefusesMalformedText) {
  // A lone Latin-1 byte, a truncated sequence, an overlong '/', a surrogate,
  // a code point above U+10FFFF, a stray continuation byte, 0xFF.
  for (const char* text : {"caf\xE9", "\xC3\x28", "\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                           "\xF4\x90\x80\x80", "\x80", "\xFF", "ok\xF0\x9F\x99"}) {
    EXPECT_FALSE(is_valid_utf8(text)) << text;
  }
  EXPECT_EQ(first_invalid_utf8("caf\xE9"), 3u);
}

TEST(Utf8Excerpt, CutsLongValuesAtACharacterBoundary) {
  const std::string long_value(100'000, '[');
  const auto excerpt = printable_excerpt(long_value);
  EXPECT_LE(excerpt.size(), kExcerptBytes + 3);
  EXPECT_EQ(excerpt.substr(excerpt.size() - 3), "\xE2\x80\xA6");
  const auto accents = printable_excerpt(std::string(40, 'a') + std::string(20, 'e') + "ééééé", 62);
  EXPECT_TRUE(is_valid_utf8(accents));
}

TEST(Utf8Excerpt, ShowsInvalidBytesAndControlsAsReplacement) {
  EXPECT_EQ(printable_excerpt("caf\xE9\n"), "caf\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(printable_excerpt("short"), "short");
}

TEST(Utf8Check, AcceptsPlainAndMultibyteText) {
  EXPECT_FALSE(first_invalid_utf8(""));
  EXPECT_FALSE(first_invalid_utf8("after lunch"));
  EXPECT_FALSE(first_invalid_utf8("café, 痛み, 🙂"));
  EXPECT_FALSE(first_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(Utf8Check, FindsTheFirstBadByte) {
  EXPECT_EQ(first_invalid_utf8(std::string("caf\xE9")), 3u);
  EXPECT_EQ(first_invalid_utf8("ok\xFF"), 2u);            // never valid in UTF-8
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("a\xED\xA0\x80"), 1u);     // a UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ab\xE2\x82"), 2u);        // truncated euro sign
  EXPECT_EQ(first_invalid_utf8("\x80"), 0u);              // a lone continuation byte
}

}  // namespace
}  // namespace velum
