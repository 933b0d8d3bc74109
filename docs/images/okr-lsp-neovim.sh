#!/usr/bin/env bash
# Make docs/images/okr-lsp-neovim.png: Neovim (Debian's 0.7) in an xterm under
# Xvfb, with editors/neovim/okr.lua, on a copy of the examples where one
# alignment is misspelled; the hover of an objective is open.
# Needs: xvfb xterm x11-apps netpbm neovim (apt), a built okr (OKR, default
# target/debug/okr).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
okr="${OKR:-$repo/target/debug/okr}"
work="$(mktemp -d)"
trap 'kill "${xvfb:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$repo/examples" "$work/okrs"
sed -i 's|aligns_to: company/ship-faster/lead-time|aligns_to: company/ship-fastr/lead-time|' \
  "$work/okrs/teams/platform/2026-Q3.okr.yaml"
cat > "$work/init.lua" <<LUA
vim.o.termguicolors = false
vim.o.number = true
vim.o.laststatus = 0
dofile('$repo/editors/neovim/okr.lua').setup({ cmd = { '$okr', 'lsp', '--stdio' } })
vim.diagnostic.config({ virtual_text = true, float = { border = 'single' } })
vim.defer_fn(function()
  vim.api.nvim_win_set_cursor(0, { 11, 12 })
  vim.lsp.buf.hover()
end, 2500)
LUA
Xvfb :77 -screen 0 1280x600x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
cd "$work/okrs"
DISPLAY=:77 OKR_TODAY=2026-08-15 xterm -geometry 140x34+0+0 -fa '' -fn 9x15 -bg white -fg black \
  -e nvim -u "$work/init.lua" -i NONE -n teams/platform/2026-Q3.okr.yaml +10 &
sleep 6
DISPLAY=:77 xwd -root -silent | xwdtopnm 2>/dev/null | pnmcut -left 0 -top 0 -width 1264 -height 520 \
  | pnmtopng -compression 9 > "$repo/docs/images/okr-lsp-neovim.png"
kill %2 2>/dev/null || true
echo "wrote docs/images/okr-lsp-neovim.png"
