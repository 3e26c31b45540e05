#pragma once
// QR codes of the pairing URL (libqrencode): drawn in the terminal with
// half-block characters, and as an SVG image for the Devices page.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace velum::server {

// A QR symbol: size x size modules, row by row, true for dark.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const {
    const int index = y * size + x;  // in [0, size * size) for x, y in [0, size)
    return dark[static_cast<std::size_t>(index)];
  }
};

// Encodes `text` (8-bit mode, error correction level M: a screen photographed
// at an angle still reads). nullopt when libqrencode refuses it (too long).
// Thread-safe.
std::optional<QrMatrix> encode_qr(std::string_view text);

enum class TerminalColours {
  kAnsi,  // black on white forced with ANSI colours: reads on any terminal theme
  kNone,  // plain text drawing the light modules, for a light-on-dark terminal
};

// The symbol with a 4-module quiet zone, two rows per text line (U+2580,
// U+2584, U+2588), each line ending in '\n'.
std::string qr_to_terminal(const QrMatrix& matrix, TerminalColours colours);

// A standalone SVG document, one unit per module, with a 4-module quiet zone.
std::string qr_to_svg(const QrMatrix& matrix);

}  // namespace velum::server
