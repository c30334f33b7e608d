#!/usr/bin/env bash
# Makes the Marketplace pictures from what the repository already has, small enough for the .vsix:
#   media/icon.png          the 128×128 gallery icon, from media/icon.svg (the activity-bar glyph)
#   media/readme/*.png      the README's pictures, from the e2e tier's captures in test-results/marketplace
# Needs Debian's imagemagick and librsvg2-bin. Run `npm run test:e2e` first for fresh captures.
set -euo pipefail
cd "$(dirname "$0")/.."
IM=/usr/bin/convert   # ImageMagick itself, not a stand-in earlier on PATH
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The glyph in white on the blue of the Marketplace banner, inside a rounded square.
sed 's/currentColor/#ffffff/' media/icon.svg > "$tmp/glyph.svg"
rsvg-convert -w 92 -h 92 "$tmp/glyph.svg" -o "$tmp/glyph.png"
"$IM" -size 128x128 xc:none -fill '#0b3d91' -draw 'roundrectangle 0,0 127,127 22,22' \
  "$tmp/glyph.png" -gravity center -composite -strip -define png:compression-level=9 media/icon.png

cap=test-results/marketplace
if [ -d "$cap" ]; then
  mkdir -p media/readme
  rm -f media/readme/*.png
  # 64 colours are plenty for a UI capture and keep the .vsix small.
  shrink=(-strip -colors 64 -define png:compression-level=9 -define png:exclude-chunks=date,time)
  "$IM" "$cap/lens-hover.png" "${shrink[@]}" media/readme/lens-hover.png
  # The setup form in three steps, each with its caption above it.
  for step in setup-1-discovery setup-2-checked setup-3-sent; do
    case $step in
      setup-1-discovery) caption="1  Type the JWKS URL: it is fetched and checked" ;;
      setup-2-checked) caption="2  Every value is checked before anything is sent" ;;
      setup-3-sent) caption="3  Send: one row per setting, then the 120 s countdown" ;;
    esac
    # The capture starts a few pixels above the element, where the webview's edge shows: drop them.
    "$IM" "$cap/$step.png" -crop +0+5 +repage -background '#0b3d91' -fill white -font DejaVu-Sans -pointsize 15 \
      -gravity northwest -splice 0x30 -annotate +10+7 "$caption" "${shrink[@]}" "media/readme/$step.png"
  done
  # One picture of the three steps side by side, so the README's first screen still reaches its commands.
  "$IM" media/readme/setup-1-discovery.png media/readme/setup-2-checked.png media/readme/setup-3-sent.png \
    -bordercolor white -border 6x0 -background white -gravity north +append -resize '1400x>' "${shrink[@]}" media/readme/setup-steps.png
  rm -f media/readme/setup-1-discovery.png media/readme/setup-2-checked.png media/readme/setup-3-sent.png
fi
ls -l media/icon.png media/readme 2>/dev/null
