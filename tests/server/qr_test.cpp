// The pairing URL's QR code: a well-formed symbol (finder patterns where a
// scanner looks for them), drawn whole in the terminal and as SVG.

#include "server/qr.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace velum::server {
namespace {

const std::string kUrl = "https://192.168.178.24:8737/#/pair?code=7K3M-Q9TX";

// The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 centre.
bool finder_at(const QrMatrix& matrix, int left, int top) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const int ring = std::min(std::min(x, y), std::min(6 - x, 6 - y));
      const bool dark = ring != 1;
      if (matrix.at(left + x, top + y) != dark) return false;
    }
  }
  return true;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Characters (code points) in a UTF-8 line.
std::size_t columns(const std::string& line) {
  return static_cast<std::size_t>(std::count_if(
      line.begin(), line.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

TEST(PairingQr, EncodesTheUrlAsAWellFormedSymbol) {
  const auto matrix = encode_qr(kUrl);
  ASSERT_TRUE(matrix);
  // Sizes are 21 + 4 (version - 1); a 50-character URL at level M needs version 4.
  EXPECT_EQ((matrix->size - 21) % 4, 0);
  EXPECT_GE(matrix->size, 33);
  EXPECT_TRUE(finder_at(*matrix, 0, 0));
  EXPECT_TRUE(finder_at(*matrix, matrix->size - 7, 0));
  EXPECT_TRUE(finder_at(*matrix, 0, matrix->size - 7));
  EXPECT_FALSE(finder_at(*matrix, matrix->size - 7, matrix->size - 7));
}

TEST(PairingQr, TerminalDrawingHasTwoRowsPerLineAndAQuietZone) {
  const auto matrix = encode_qr(kUrl);
  ASSERT_TRUE(matrix);
  const auto full = static_cast<std::size_t>(matrix->size + 8);
  const auto plain = lines_of(qr_to_terminal(*matrix, TerminalColours::kNone));
  ASSERT_EQ(plain.size(), (full + 1) / 2);
  for (const auto& line : plain) EXPECT_EQ(columns(line), full);
  // Without colours the light modules are drawn: the quiet zone is solid.
  EXPECT_EQ(plain.front().substr(0, 3), "\u2588");
  const auto coloured = lines_of(qr_to_terminal(*matrix, TerminalColours::kAnsi));
  ASSERT_EQ(coloured.size(), plain.size());
  EXPECT_EQ(coloured.front().rfind("\x1b[30;47m", 0), 0U);
  EXPECT_NE(coloured.front().find("\x1b[0m"), std::string::npos);
}

TEST(PairingQr, SvgHasOneSquarePerDarkModule) {
  const auto matrix = encode_qr(kUrl);
  ASSERT_TRUE(matrix);
  const auto svg = qr_to_svg(*matrix);
  const auto dark = static_cast<std::size_t>(std::count(matrix->dark.begin(), matrix->dark.end(), true));
  std::size_t squares = 0;
  for (auto at = svg.find("h1v1h-1z"); at != std::string::npos; at = svg.find("h1v1h-1z", at + 1)) ++squares;
  EXPECT_EQ(squares, dark);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0U);
  EXPECT_NE(svg.find("M4 4h1v1h-1z"), std::string::npos);  // the top-left finder, inside the quiet zone
}

TEST(PairingQr, RefusesTextTooLongForAnySymbol) { EXPECT_FALSE(encode_qr(std::string(8000, 'a'))); }

}  // namespace
}  // namespace velum::server
