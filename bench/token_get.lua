-- wrk script: every request carries the Authorization header given in the environment variable
-- BENCH_AUTHORIZATION (for example "Token signature=...,repository=\"ns/name\",access=read"),
-- so that the simulator checks a token on each GET. Used by bench/run.sh.
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization == nil or authorization == "" then
  error("token_get.lua: set BENCH_AUTHORIZATION")
end
wrk.headers["Authorization"] = authorization
