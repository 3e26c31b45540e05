#include "server/qr.hpp"

#include <qrencode.h>

#include <fmt/format.h>

#include <memory>

namespace velum::server {
namespace {

constexpr int kQuietZone = 4;  // modules of light border the QR specification asks for
constexpr std::string_view kUpperHalf = "\u2580";
constexpr std::string_view kLowerHalf = "\u2584";
constexpr std::string_view kFullBlock = "\u2588";
constexpr std::string_view kBlackOnWhite = "\x1b[30;47m";
constexpr std::string_view kResetColours = "\x1b[0m";

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::optional<QrMatrix> encode_qr(std::string_view text) {
  // QRcode_encodeData takes a length, so the text needs no terminating zero.
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(
      static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (!code) return std::nullopt;
  QrMatrix matrix;
  matrix.size = code->width;
  const auto modules = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  matrix.dark.resize(modules);
  // Bit 0 of each byte is the module's colour; the other bits describe its role.
  for (std::size_t i = 0; i < modules; ++i) matrix.dark[i] = (code->data[i] & 1U) != 0;
  return matrix;
}

std::string qr_to_terminal(const QrMatrix& matrix, TerminalColours colours) {
  const int full = matrix.size + 2 * kQuietZone;
  // Whether the drawn character covers the module: with ANSI colours the
  // foreground is black, so dark modules are drawn; without, the terminal's
  // light foreground draws the light modules.
  const auto inked = [&](int x, int y) {
    const int mx = x - kQuietZone;
    const int my = y - kQuietZone;
    const bool dark = mx >= 0 && my >= 0 && mx < matrix.size && my < matrix.size && matrix.at(mx, my);
    return colours == TerminalColours::kAnsi ? dark : !dark;
  };
  std::string out;
  for (int y = 0; y < full; y += 2) {
    if (colours == TerminalColours::kAnsi) out += kBlackOnWhite;
    for (int x = 0; x < full; ++x) {
      const bool top = inked(x, y);
      const bool bottom = y + 1 < full ? inked(x, y + 1) : colours == TerminalColours::kNone;
      if (top && bottom) {
        out += kFullBlock;
      } else if (top) {
        out += kUpperHalf;
      } else if (bottom) {
        out += kLowerHalf;
      } else {
        out += ' ';
      }
    }
    if (colours == TerminalColours::kAnsi) out += kResetColours;
    out += '\n';
  }
  return out;
}

std::string qr_to_svg(const QrMatrix& matrix) {
  const int full = matrix.size + 2 * kQuietZone;
  std::string path;
  for (int y = 0; y < matrix.size; ++y) {
    for (int x = 0; x < matrix.size; ++x) {
      if (matrix.at(x, y)) path += fmt::format("M{} {}h1v1h-1z", x + kQuietZone, y + kQuietZone);
    }
  }
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" shape-rendering="crispEdges">)"
      R"(<rect width="{0}" height="{0}" fill="#fff"/><path d="{1}" fill="#000"/></svg>)",
      full, path);
}

}  // namespace velum::server
