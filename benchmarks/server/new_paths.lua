-- wrk: every request a path never asked before: <base><n>/, base given after "--".
-- (A crawler's missing pages: nothing the server memoised or cached for one path helps the next.)
local base = "/missing-"
local n = 0

function init(args)
  if args[1] then base = args[1] end
end

function request()
  n = n + 1
  return wrk.format("GET", base .. n .. "/")
end
