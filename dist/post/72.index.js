export const id = 72;
export const ids = [72];
export const modules = {

/***/ 1072:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readArrowFile: () => (/* binding */ readArrowFile)
/* harmony export */ });
/* harmony import */ var apache_arrow__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8703);
/* harmony import */ var _ipc_guard_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1297);
/** An Arrow IPC file checked by ipc-guard, then decoded by apache-arrow (which alone can loop forever on a damaged file). */


/** Checks, then decodes with apache-arrow; throws ArrowFileError for anything wrong with the file. */
function readArrowFile(bytes, limits = {}) {
    (0,_ipc_guard_js__WEBPACK_IMPORTED_MODULE_0__/* .checkArrowFile */ .gW)(bytes, limits);
    try {
        return (0,apache_arrow__WEBPACK_IMPORTED_MODULE_1__/* .tableFromIPC */ .D)(bytes);
    }
    catch (err) {
        // Checked files decode; a throw here is a corner the checks do not cover, and still the file's fault.
        throw new _ipc_guard_js__WEBPACK_IMPORTED_MODULE_0__/* .ArrowFileError */ .oU(`the file could not be decoded: ${err.message}`, 'damaged', { cause: err });
    }
}


/***/ })

};
