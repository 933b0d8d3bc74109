-- okr's language server in Neovim's built-in LSP client (Neovim 0.7 or later).
--
-- Put this file on your runtimepath as lua/okr.lua (or dofile it) and call
--   require('okr').setup()
-- or, with options:
--   require('okr').setup({ cmd = { '/path/to/okr', 'lsp', '--stdio' } })
--
-- Every YAML buffer under the root (the nearest directory above it with
-- okr.toml or .git, else the current directory) is attached to one okr
-- server per root; the server checks the OKR files among them (okr.toml's
-- globs) and leaves the others alone. With nvim-lspconfig, the same is
--   require('lspconfig.configs').okr = { default_config = {
--     cmd = { 'okr', 'lsp' }, filetypes = { 'yaml' },
--     root_dir = require('lspconfig.util').root_pattern('okr.toml', '.git') } }
--   require('lspconfig').okr.setup({})

local M = {}

local clients = {}

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir and dir ~= '' do
    if vim.loop.fs_stat(dir .. '/okr.toml') or vim.loop.fs_stat(dir .. '/.git') then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then break end
    dir = parent
  end
  return vim.fn.getcwd()
end

function M.attach(buffer, opts)
  local path = vim.api.nvim_buf_get_name(buffer)
  if path == '' then return end
  local root = root_of(path)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = 'okr',
      cmd = opts.cmd or { 'okr', 'lsp', '--stdio' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    })
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(buffer, id) end
  return id
end

function M.setup(opts)
  opts = opts or {}
  local group = vim.api.nvim_create_augroup('okr_lsp', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = { '*.yaml', '*.yml' },
    callback = function(args) M.attach(args.buf, opts) end,
  })
end

return M
