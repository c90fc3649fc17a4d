export const id = 321;
export const ids = [321];
export const modules = {

/***/ 6321:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   streamingFetch: () => (/* binding */ streamingFetch)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Sends a request whose body is read as it goes (an async iterable) over node:http/https, each chunk written out
 * before the next is read: memory stays flat whatever the size. Node 20's fetch (undici) holds such a body in
 * memory as it sends it (measured: +540 MiB for a 512 MiB upload), so multi-GB model uploads go through here.
 * Answers a standard Response, so callers treat it as fetch's.
 */


/** Statuses whose Response must have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** POSTs `init.body` to `url`, reading it only as fast as the connection takes it. */
function streamingFetch(url, init) {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default().request) : (node_http__WEBPACK_IMPORTED_MODULE_0___default().request);
    return new Promise((resolve, reject) => {
        const req = request(target, { method: init.method, headers: init.headers, signal: init.signal }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
                const headers = new Headers();
                for (const [name, value] of Object.entries(res.headers)) {
                    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
                        headers.append(name, v);
                }
                const status = res.statusCode ?? 502;
                try {
                    resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers }));
                }
                catch (err) {
                    reject(err);
                }
            });
        });
        req.on('error', reject);
        // A server may answer (e.g. 413) before reading the whole body: that answer wins over the broken pipe.
        sendBody(req, init.body).catch((err) => {
            if (!req.writableEnded)
                req.destroy(err);
        });
    });
}
/**
 * Writes the body chunk by chunk, each handed to the socket before the next is read: the socket paces the reads, and
 * the reader may reuse its buffer. Stops when the request closes (aborted, or the server hung up) mid-body.
 */
async function sendBody(req, body) {
    const closed = new Promise((_, reject) => req.once('close', () => reject(new Error('the connection closed before the whole body was sent'))));
    closed.catch(() => undefined);
    for await (const chunk of body) {
        await Promise.race([new Promise((resolve, reject) => req.write(chunk, (err) => (err ? reject(err) : resolve()))), closed]);
    }
    req.end();
}


/***/ })

};
