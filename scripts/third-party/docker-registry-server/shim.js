// Preload for docker-registry-server 2.2.0 on current Node (node -r ./shim.js).
// Our own code; nothing of the package is copied or edited.
'use strict';

// 1. Its web framework (root 2.x) does
//      Root.prototype.__proto__ = process.EventEmitter.prototype
//    and process.EventEmitter no longer exists on current Node.
if (!process.EventEmitter) process.EventEmitter = require('events');

// 2. Optional loopback bind. The server calls listen(port) with no host, i.e.
//    on every interface. When DRYDOCK_TP_BIND_HOST is set, a listen whose
//    first argument is a port and which names no host gets that host.
const host = process.env.DRYDOCK_TP_BIND_HOST;
if (host) {
  const net = require('net');
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const port = args[0];
    const isPort = typeof port === 'number' ||
        (typeof port === 'string' && /^\d+$/.test(port));
    if (isPort && typeof args[1] !== 'string') args.splice(1, 0, host);
    return listen.apply(this, args);
  };
}

// 3. Optional, off by default: keep running after an uncaught exception.
//    The server throws out of a storage callback when PUT /v1/images/<id>/json
//    carries a body that is not JSON, which ends the process. With
//    DRYDOCK_TP_SURVIVE_ERRORS=1 the error is logged instead; the request that
//    caused it gets no answer (the client sees a timeout), later ones are served.
if (process.env.DRYDOCK_TP_SURVIVE_ERRORS === '1') {
  process.on('uncaughtException', (err) => {
    console.error('uncaught exception (kept running: DRYDOCK_TP_SURVIVE_ERRORS=1):', err);
  });
}
