export const id = 163;
export const ids = [163];
export const modules = {

/***/ 2163:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AsyncByteQueue: () => (/* reexport */ stream/* AsyncByteQueue */.kb),
  AsyncByteStream: () => (/* reexport */ stream/* AsyncByteStream */.V8),
  AsyncMessageReader: () => (/* reexport */ message/* AsyncMessageReader */.vn),
  AsyncRecordBatchFileReader: () => (/* reexport */ ipc_reader/* AsyncRecordBatchFileReader */.Vv),
  AsyncRecordBatchStreamReader: () => (/* reexport */ ipc_reader/* AsyncRecordBatchStreamReader */.DB),
  Binary: () => (/* reexport */ type/* Binary */.yI),
  BinaryBuilder: () => (/* reexport */ binary/* BinaryBuilder */.v),
  BinaryView: () => (/* reexport */ type/* BinaryView */.TZ),
  BinaryViewBuilder: () => (/* reexport */ binaryview/* BinaryViewBuilder */.c),
  Bool: () => (/* reexport */ type/* Bool */.x),
  BoolBuilder: () => (/* reexport */ bool/* BoolBuilder */.i),
  BufferType: () => (/* reexport */ apache_arrow_enum/* BufferType */.NZ),
  Builder: () => (/* reexport */ builder/* Builder */.M$),
  ByteStream: () => (/* reexport */ stream/* ByteStream */.xj),
  CompressionType: () => (/* reexport */ compression_type/* CompressionType */.j),
  Data: () => (/* reexport */ data/* Data */.B_),
  DataType: () => (/* reexport */ type/* DataType */.pe),
  DateBuilder: () => (/* reexport */ date/* DateBuilder */.WE),
  DateDay: () => (/* reexport */ type/* DateDay */.R8),
  DateDayBuilder: () => (/* reexport */ date/* DateDayBuilder */.Gk),
  DateMillisecond: () => (/* reexport */ type/* DateMillisecond */.k),
  DateMillisecondBuilder: () => (/* reexport */ date/* DateMillisecondBuilder */.pg),
  DateUnit: () => (/* reexport */ date_unit/* DateUnit */.f),
  Date_: () => (/* reexport */ type/* Date_ */.OD),
  Decimal: () => (/* reexport */ type/* Decimal */.Ww),
  DecimalBuilder: () => (/* reexport */ decimal/* DecimalBuilder */.f),
  DenseUnion: () => (/* reexport */ type/* DenseUnion */.l3),
  DenseUnionBuilder: () => (/* reexport */ union/* DenseUnionBuilder */.kO),
  Dictionary: () => (/* reexport */ type/* Dictionary */.bT),
  DictionaryBuilder: () => (/* reexport */ dictionary/* DictionaryBuilder */.i),
  Duration: () => (/* reexport */ type/* Duration */.dw),
  DurationBuilder: () => (/* reexport */ duration/* DurationBuilder */.O4),
  DurationMicrosecond: () => (/* reexport */ type/* DurationMicrosecond */.vs),
  DurationMicrosecondBuilder: () => (/* reexport */ duration/* DurationMicrosecondBuilder */.Ag),
  DurationMillisecond: () => (/* reexport */ type/* DurationMillisecond */.KJ),
  DurationMillisecondBuilder: () => (/* reexport */ duration/* DurationMillisecondBuilder */.fl),
  DurationNanosecond: () => (/* reexport */ type/* DurationNanosecond */.Bl),
  DurationNanosecondBuilder: () => (/* reexport */ duration/* DurationNanosecondBuilder */.Kv),
  DurationSecond: () => (/* reexport */ type/* DurationSecond */.TJ),
  DurationSecondBuilder: () => (/* reexport */ duration/* DurationSecondBuilder */.mM),
  Field: () => (/* reexport */ schema/* Field */.D),
  FixedSizeBinary: () => (/* reexport */ type/* FixedSizeBinary */.Pv),
  FixedSizeBinaryBuilder: () => (/* reexport */ fixedsizebinary/* FixedSizeBinaryBuilder */.g),
  FixedSizeList: () => (/* reexport */ type/* FixedSizeList */.Y1),
  FixedSizeListBuilder: () => (/* reexport */ fixedsizelist/* FixedSizeListBuilder */.t),
  Float: () => (/* reexport */ type/* Float */.nt),
  Float16: () => (/* reexport */ type/* Float16 */.cS),
  Float16Builder: () => (/* reexport */ builder_float/* Float16Builder */.hY),
  Float32: () => (/* reexport */ type/* Float32 */.gh),
  Float32Builder: () => (/* reexport */ builder_float/* Float32Builder */.td),
  Float64: () => (/* reexport */ type/* Float64 */.$G),
  Float64Builder: () => (/* reexport */ builder_float/* Float64Builder */.ok),
  FloatBuilder: () => (/* reexport */ builder_float/* FloatBuilder */.Wq),
  Int: () => (/* reexport */ type/* Int */.Ai),
  Int16: () => (/* reexport */ type/* Int16 */.Vw),
  Int16Builder: () => (/* reexport */ builder_int/* Int16Builder */.qI),
  Int32: () => (/* reexport */ type/* Int32 */.P_),
  Int32Builder: () => (/* reexport */ builder_int/* Int32Builder */.KD),
  Int64: () => (/* reexport */ type/* Int64 */.CG),
  Int64Builder: () => (/* reexport */ builder_int/* Int64Builder */.bm),
  Int8: () => (/* reexport */ type/* Int8 */.AY),
  Int8Builder: () => (/* reexport */ builder_int/* Int8Builder */.xW),
  IntBuilder: () => (/* reexport */ builder_int/* IntBuilder */.t),
  Interval: () => (/* reexport */ type/* Interval */.IX),
  IntervalBuilder: () => (/* reexport */ builder_interval/* IntervalBuilder */.HA),
  IntervalDayTime: () => (/* reexport */ type/* IntervalDayTime */.tX),
  IntervalDayTimeBuilder: () => (/* reexport */ builder_interval/* IntervalDayTimeBuilder */.sw),
  IntervalMonthDayNano: () => (/* reexport */ type/* IntervalMonthDayNano */.O1),
  IntervalMonthDayNanoBuilder: () => (/* reexport */ builder_interval/* IntervalMonthDayNanoBuilder */.v7),
  IntervalUnit: () => (/* reexport */ interval_unit/* IntervalUnit */.a),
  IntervalYearMonth: () => (/* reexport */ type/* IntervalYearMonth */.$b),
  IntervalYearMonthBuilder: () => (/* reexport */ builder_interval/* IntervalYearMonthBuilder */.qo),
  JSONMessageReader: () => (/* reexport */ message/* JSONMessageReader */.R2),
  LargeBinary: () => (/* reexport */ type/* LargeBinary */.BS),
  LargeBinaryBuilder: () => (/* reexport */ largebinary/* LargeBinaryBuilder */.a),
  LargeList: () => (/* reexport */ type/* LargeList */.cZ),
  LargeListBuilder: () => (/* reexport */ largelist/* LargeListBuilder */.r),
  LargeUtf8: () => (/* reexport */ type/* LargeUtf8 */.Jb),
  LargeUtf8Builder: () => (/* reexport */ largeutf8/* LargeUtf8Builder */._),
  List: () => (/* reexport */ type/* List */.B8),
  ListBuilder: () => (/* reexport */ list/* ListBuilder */.y),
  MapBuilder: () => (/* reexport */ builder_map/* MapBuilder */.E),
  MapRow: () => (/* reexport */ map/* MapRow */.Rt),
  Map_: () => (/* reexport */ type/* Map_ */.WD),
  Message: () => (/* reexport */ metadata_message/* Message */.QB),
  MessageHeader: () => (/* reexport */ message_header/* MessageHeader */.LD),
  MessageReader: () => (/* reexport */ message/* MessageReader */.RJ),
  MetadataVersion: () => (/* reexport */ metadata_version/* MetadataVersion */.W),
  Null: () => (/* reexport */ type/* Null */.Uv),
  NullBuilder: () => (/* reexport */ builder_null/* NullBuilder */.H),
  Precision: () => (/* reexport */ precision/* Precision */.j),
  RecordBatch: () => (/* reexport */ recordbatch/* RecordBatch */.g),
  RecordBatchFileReader: () => (/* reexport */ ipc_reader/* RecordBatchFileReader */.t2),
  RecordBatchFileWriter: () => (/* reexport */ writer/* RecordBatchFileWriter */.NW),
  RecordBatchJSONWriter: () => (/* reexport */ writer/* RecordBatchJSONWriter */.NE),
  RecordBatchReader: () => (/* reexport */ ipc_reader/* RecordBatchReader */.hb),
  RecordBatchStreamReader: () => (/* reexport */ ipc_reader/* RecordBatchStreamReader */.fW),
  RecordBatchStreamWriter: () => (/* reexport */ writer/* RecordBatchStreamWriter */.vs),
  RecordBatchWriter: () => (/* reexport */ writer/* RecordBatchWriter */.VN),
  Schema: () => (/* reexport */ schema/* Schema */.S),
  SparseUnion: () => (/* reexport */ type/* SparseUnion */._0),
  SparseUnionBuilder: () => (/* reexport */ union/* SparseUnionBuilder */.Nl),
  Struct: () => (/* reexport */ type/* Struct */._k),
  StructBuilder: () => (/* reexport */ builder_struct/* StructBuilder */.N),
  StructRow: () => (/* reexport */ struct/* StructRow */._),
  Table: () => (/* reexport */ table/* Table */.XI),
  Time: () => (/* reexport */ type/* Time */.gX),
  TimeBuilder: () => (/* reexport */ time/* TimeBuilder */.FV),
  TimeMicrosecond: () => (/* reexport */ type/* TimeMicrosecond */.qY),
  TimeMicrosecondBuilder: () => (/* reexport */ time/* TimeMicrosecondBuilder */.fg),
  TimeMillisecond: () => (/* reexport */ type/* TimeMillisecond */.V),
  TimeMillisecondBuilder: () => (/* reexport */ time/* TimeMillisecondBuilder */.WG),
  TimeNanosecond: () => (/* reexport */ type/* TimeNanosecond */.k4),
  TimeNanosecondBuilder: () => (/* reexport */ time/* TimeNanosecondBuilder */.vv),
  TimeSecond: () => (/* reexport */ type/* TimeSecond */.yS),
  TimeSecondBuilder: () => (/* reexport */ time/* TimeSecondBuilder */.rg),
  TimeUnit: () => (/* reexport */ time_unit/* TimeUnit */.y),
  Timestamp: () => (/* reexport */ type/* Timestamp */.Dc),
  TimestampBuilder: () => (/* reexport */ timestamp/* TimestampBuilder */.ut),
  TimestampMicrosecond: () => (/* reexport */ type/* TimestampMicrosecond */.jB),
  TimestampMicrosecondBuilder: () => (/* reexport */ timestamp/* TimestampMicrosecondBuilder */.GE),
  TimestampMillisecond: () => (/* reexport */ type/* TimestampMillisecond */.ML),
  TimestampMillisecondBuilder: () => (/* reexport */ timestamp/* TimestampMillisecondBuilder */.xN),
  TimestampNanosecond: () => (/* reexport */ type/* TimestampNanosecond */.pk),
  TimestampNanosecondBuilder: () => (/* reexport */ timestamp/* TimestampNanosecondBuilder */.gn),
  TimestampSecond: () => (/* reexport */ type/* TimestampSecond */.H),
  TimestampSecondBuilder: () => (/* reexport */ timestamp/* TimestampSecondBuilder */.uF),
  Type: () => (/* reexport */ apache_arrow_enum/* Type */.ZU),
  Uint16: () => (/* reexport */ type/* Uint16 */.yv),
  Uint16Builder: () => (/* reexport */ builder_int/* Uint16Builder */.DN),
  Uint32: () => (/* reexport */ type/* Uint32 */.SS),
  Uint32Builder: () => (/* reexport */ builder_int/* Uint32Builder */.ZD),
  Uint64: () => (/* reexport */ type/* Uint64 */.Rf),
  Uint64Builder: () => (/* reexport */ builder_int/* Uint64Builder */.Kt),
  Uint8: () => (/* reexport */ type/* Uint8 */.l5),
  Uint8Builder: () => (/* reexport */ builder_int/* Uint8Builder */.E4),
  Union: () => (/* reexport */ type/* Union */.gP),
  UnionBuilder: () => (/* reexport */ union/* UnionBuilder */.JX),
  UnionMode: () => (/* reexport */ union_mode/* UnionMode */.R),
  Utf8: () => (/* reexport */ type/* Utf8 */.YE),
  Utf8Builder: () => (/* reexport */ utf8/* Utf8Builder */.R),
  Utf8View: () => (/* reexport */ type/* Utf8View */.Zn),
  Utf8ViewBuilder: () => (/* reexport */ utf8view/* Utf8ViewBuilder */.o),
  Vector: () => (/* reexport */ apache_arrow_vector/* Vector */.M),
  Visitor: () => (/* reexport */ visitor/* Visitor */.l),
  builderThroughAsyncIterable: () => (/* reexport */ factories/* builderThroughAsyncIterable */.zZ),
  builderThroughIterable: () => (/* reexport */ factories/* builderThroughIterable */.jA),
  compressionRegistry: () => (/* reexport */ registry/* compressionRegistry */.g),
  isArrowData: () => (/* reexport */ isArrowData),
  isArrowDataType: () => (/* reexport */ isArrowDataType),
  isArrowField: () => (/* reexport */ isArrowField),
  isArrowRecordBatch: () => (/* reexport */ isArrowRecordBatch),
  isArrowSchema: () => (/* reexport */ isArrowSchema),
  isArrowTable: () => (/* reexport */ isArrowTable),
  isArrowVector: () => (/* reexport */ isArrowVector),
  makeBuilder: () => (/* reexport */ factories/* makeBuilder */.k8),
  makeData: () => (/* reexport */ data/* makeData */.Hg),
  makeTable: () => (/* reexport */ table/* makeTable */.d),
  makeVector: () => (/* reexport */ apache_arrow_vector/* makeVector */.g),
  tableFromArrays: () => (/* reexport */ table/* tableFromArrays */.HZ),
  tableFromIPC: () => (/* reexport */ serialization/* tableFromIPC */.D),
  tableFromJSON: () => (/* reexport */ factories/* tableFromJSON */.DP),
  tableToIPC: () => (/* reexport */ serialization/* tableToIPC */.s),
  util: () => (/* reexport */ util),
  vectorFromArray: () => (/* reexport */ factories/* vectorFromArray */.bI)
});

// NAMESPACE OBJECT: ./node_modules/apache-arrow/util/typecheck.mjs
var typecheck_namespaceObject = {};
__webpack_require__.r(typecheck_namespaceObject);
__webpack_require__.d(typecheck_namespaceObject, {
  isArrowData: () => (isArrowData),
  isArrowDataType: () => (isArrowDataType),
  isArrowField: () => (isArrowField),
  isArrowRecordBatch: () => (isArrowRecordBatch),
  isArrowSchema: () => (isArrowSchema),
  isArrowTable: () => (isArrowTable),
  isArrowVector: () => (isArrowVector)
});

// EXTERNAL MODULE: ./node_modules/apache-arrow/io/adapters.mjs
var adapters = __webpack_require__(1743);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder.mjs + 1 modules
var builder = __webpack_require__(2862);
// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/reader.mjs + 1 modules
var ipc_reader = __webpack_require__(1394);
// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/writer.mjs + 3 modules
var writer = __webpack_require__(1289);
// EXTERNAL MODULE: ./node_modules/tslib/modules/index.js
var modules = __webpack_require__(7467);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/compat.mjs
var compat = __webpack_require__(1997);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/node/iterable.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.



/** @ignore */
function toNodeStream(source, options) {
    if ((0,compat/* isAsyncIterable */.Td)(source)) {
        return new AsyncIterableReadable(source[Symbol.asyncIterator](), options);
    }
    if ((0,compat/* isIterable */.xZ)(source)) {
        return new IterableReadable(source[Symbol.iterator](), options);
    }
    /* istanbul ignore next */
    throw new Error(`toNodeStream() must be called with an Iterable or AsyncIterable`);
}
/** @ignore */
class IterableReadable extends external_node_stream_.Readable {
    constructor(it, options) {
        super(options);
        this._iterator = it;
        this._pulling = false;
        this._bytesMode = !options || !options.objectMode;
    }
    _read(size) {
        const it = this._iterator;
        if (it && !this._pulling && (this._pulling = true)) {
            this._pulling = this._pull(size, it);
        }
    }
    _destroy(e, cb) {
        const it = this._iterator;
        let fn;
        it && (fn = e != null && it.throw || it.return);
        fn === null || fn === void 0 ? void 0 : fn.call(it, e);
        cb && cb(null);
    }
    _pull(size, it) {
        const bm = this._bytesMode;
        let r = null;
        while (this.readable && !(r = it.next(bm ? size : null)).done) {
            if (size != null) {
                size -= (bm && ArrayBuffer.isView(r.value) ? r.value.byteLength : 1);
            }
            if (!this.push(r.value) || size <= 0) {
                break;
            }
        }
        if (((r === null || r === void 0 ? void 0 : r.done) || !this.readable) && (this.push(null) || true)) {
            it.return && it.return();
        }
        return !this.readable;
    }
}
/** @ignore */
class AsyncIterableReadable extends external_node_stream_.Readable {
    constructor(it, options) {
        super(options);
        this._iterator = it;
        this._pulling = false;
        this._bytesMode = !options || !options.objectMode;
    }
    _read(size) {
        const it = this._iterator;
        if (it && !this._pulling && (this._pulling = true)) {
            (() => (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { return this._pulling = yield this._pull(size, it); }))();
        }
    }
    _destroy(e, cb) {
        const it = this._iterator;
        let fn;
        it && (fn = e != null && it.throw || it.return);
        (fn === null || fn === void 0 ? void 0 : fn.call(it, e).then(() => cb && cb(null))) || (cb && cb(null));
    }
    _pull(size, it) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            const bm = this._bytesMode;
            let r = null;
            while (this.readable && !(r = yield it.next(bm ? size : null)).done) {
                if (size != null) {
                    size -= (bm && ArrayBuffer.isView(r.value) ? r.value.byteLength : 1);
                }
                if (!this.push(r.value) || size <= 0) {
                    break;
                }
            }
            if (((r === null || r === void 0 ? void 0 : r.done) || !this.readable) && (this.push(null) || true)) {
                it.return && it.return();
            }
            return !this.readable;
        });
    }
}

//# sourceMappingURL=iterable.mjs.map

// EXTERNAL MODULE: ./node_modules/apache-arrow/factories.mjs + 1 modules
var factories = __webpack_require__(495);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/node/builder.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.


/** @ignore */
function builderThroughNodeStream(options) {
    return new BuilderDuplex((0,factories/* makeBuilder */.k8)(options), options);
}
/** @ignore */
class BuilderDuplex extends external_node_stream_.Duplex {
    constructor(builder, options) {
        const { queueingStrategy = 'count', autoDestroy = true } = options;
        const { highWaterMark = queueingStrategy !== 'bytes' ? 1000 : Math.pow(2, 14) } = options;
        super({ autoDestroy, highWaterMark: 1, allowHalfOpen: true, writableObjectMode: true, readableObjectMode: true });
        this._numChunks = 0;
        this._finished = false;
        this._builder = builder;
        this._desiredSize = highWaterMark;
        this._getSize = queueingStrategy !== 'bytes' ? builderLength : builderByteLength;
    }
    _read(size) {
        this._maybeFlush(this._builder, this._desiredSize = size);
    }
    _final(cb) {
        this._maybeFlush(this._builder.finish(), this._desiredSize);
        cb && cb();
    }
    _write(value, _, cb) {
        const result = this._maybeFlush(this._builder.append(value), this._desiredSize);
        cb && cb();
        return result;
    }
    _destroy(err, cb) {
        this._builder.clear();
        cb && cb(err);
    }
    _maybeFlush(builder, size) {
        if (this._getSize(builder) >= size) {
            ++this._numChunks && this.push(builder.toVector());
        }
        if (builder.finished) {
            if (builder.length > 0 || this._numChunks === 0) {
                ++this._numChunks && this.push(builder.toVector());
            }
            if (!this._finished && (this._finished = true)) {
                this.push(null);
            }
            return false;
        }
        return this._getSize(builder) < this.writableHighWaterMark;
    }
}
/** @ignore */ const builderLength = (builder) => builder.length;
/** @ignore */ const builderByteLength = (builder) => builder.byteLength;

//# sourceMappingURL=builder.mjs.map

// EXTERNAL MODULE: ./node_modules/apache-arrow/io/stream.mjs
var stream = __webpack_require__(1519);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/node/reader.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.




/** @ignore */
function recordBatchReaderThroughNodeStream(options) {
    return new RecordBatchReaderDuplex(options);
}
/** @ignore */
class RecordBatchReaderDuplex extends external_node_stream_.Duplex {
    constructor(options) {
        super(Object.assign(Object.assign({ allowHalfOpen: false }, options), { readableObjectMode: true, writableObjectMode: false }));
        this._pulling = false;
        this._autoDestroy = true;
        this._reader = null;
        this._pulling = false;
        this._asyncQueue = new stream/* AsyncByteQueue */.kb();
        this._autoDestroy = options && (typeof options.autoDestroy === 'boolean') ? options.autoDestroy : true;
    }
    _final(cb) {
        const aq = this._asyncQueue;
        aq === null || aq === void 0 ? void 0 : aq.close();
        cb && cb();
    }
    _write(x, _, cb) {
        const aq = this._asyncQueue;
        aq === null || aq === void 0 ? void 0 : aq.write(x);
        cb && cb();
        return true;
    }
    _read(size) {
        const aq = this._asyncQueue;
        if (aq && !this._pulling && (this._pulling = true)) {
            (() => (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
                if (!this._reader) {
                    this._reader = yield this._open(aq);
                }
                this._pulling = yield this._pull(size, this._reader);
            }))();
        }
    }
    _destroy(err, cb) {
        const aq = this._asyncQueue;
        if (aq) {
            err ? aq.abort(err) : aq.close();
        }
        cb(this._asyncQueue = this._reader = null);
    }
    _open(source) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            return yield (yield ipc_reader/* RecordBatchReader */.hb.from(source)).open({ autoDestroy: this._autoDestroy });
        });
    }
    _pull(size, reader) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            let r = null;
            while (this.readable && !(r = yield reader.next()).done) {
                if (!this.push(r.value) || (size != null && --size <= 0)) {
                    break;
                }
            }
            if (!this.readable || ((r === null || r === void 0 ? void 0 : r.done) && (reader.autoDestroy || (yield reader.reset().open()).closed))) {
                this.push(null);
                yield reader.cancel();
            }
            return !this.readable;
        });
    }
}

//# sourceMappingURL=reader.mjs.map

;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/node/writer.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.



/** @ignore */
function recordBatchWriterThroughNodeStream(options) {
    return new RecordBatchWriterDuplex(new this(options));
}
/** @ignore */
class RecordBatchWriterDuplex extends external_node_stream_.Duplex {
    constructor(writer, options) {
        super(Object.assign(Object.assign({ allowHalfOpen: false }, options), { writableObjectMode: true, readableObjectMode: false }));
        this._pulling = false;
        this._writer = writer;
        this._reader = new stream/* AsyncByteStream */.V8(writer);
    }
    _final(cb) {
        const writer = this._writer;
        writer === null || writer === void 0 ? void 0 : writer.close();
        cb && cb();
    }
    _write(x, _, cb) {
        const writer = this._writer;
        writer === null || writer === void 0 ? void 0 : writer.write(x);
        cb && cb();
        return true;
    }
    _read(size) {
        const it = this._reader;
        if (it && !this._pulling && (this._pulling = true)) {
            (() => (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { return this._pulling = yield this._pull(size, it); }))();
        }
    }
    _destroy(err, cb) {
        const writer = this._writer;
        if (writer) {
            err ? writer.abort(err) : writer.close();
        }
        cb(this._reader = this._writer = null);
    }
    _pull(size, reader) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            let r = null;
            while (this.readable && !(r = yield reader.next(size || null)).done) {
                if (size != null && r.value) {
                    size -= r.value.byteLength;
                }
                if (!this.push(r.value) || size <= 0) {
                    break;
                }
            }
            if (((r === null || r === void 0 ? void 0 : r.done) || !this.readable)) {
                this.push(null);
                yield reader.cancel();
            }
            return !this.readable;
        });
    }
}

//# sourceMappingURL=writer.mjs.map

// EXTERNAL MODULE: ./node_modules/apache-arrow/util/buffer.mjs
var buffer = __webpack_require__(9537);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/whatwg/iterable.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.



/** @ignore */
function toDOMStream(source, options) {
    if ((0,compat/* isAsyncIterable */.Td)(source)) {
        return asyncIterableAsReadableDOMStream(source, options);
    }
    if ((0,compat/* isIterable */.xZ)(source)) {
        return iterableAsReadableDOMStream(source, options);
    }
    /* istanbul ignore next */
    throw new Error(`toDOMStream() must be called with an Iterable or AsyncIterable`);
}
/** @ignore */
function iterableAsReadableDOMStream(source, options) {
    let it = null;
    const bm = ((options === null || options === void 0 ? void 0 : options.type) === 'bytes') || false;
    const hwm = (options === null || options === void 0 ? void 0 : options.highWaterMark) || (Math.pow(2, 24));
    return new ReadableStream(Object.assign(Object.assign({}, options), { start(controller) { next(controller, it || (it = source[Symbol.iterator]())); },
        pull(controller) { it ? (next(controller, it)) : controller.close(); },
        cancel() { ((it === null || it === void 0 ? void 0 : it.return) && it.return()); it = null; } }), Object.assign({ highWaterMark: bm ? hwm : undefined }, options));
    function next(controller, it) {
        let buf;
        let r = null;
        let size = controller.desiredSize || null;
        while (!(r = it.next(bm ? size : null)).done) {
            if (ArrayBuffer.isView(r.value) && (buf = (0,buffer.toUint8Array)(r.value))) {
                size != null && bm && (size = size - buf.byteLength + 1);
                r.value = buf;
            }
            controller.enqueue(r.value);
            if (size != null && --size <= 0) {
                return;
            }
        }
        controller.close();
    }
}
/** @ignore */
function asyncIterableAsReadableDOMStream(source, options) {
    let it = null;
    const bm = ((options === null || options === void 0 ? void 0 : options.type) === 'bytes') || false;
    const hwm = (options === null || options === void 0 ? void 0 : options.highWaterMark) || (Math.pow(2, 24));
    return new ReadableStream(Object.assign(Object.assign({}, options), { start(controller) {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { yield next(controller, it || (it = source[Symbol.asyncIterator]())); });
        },
        pull(controller) {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { it ? (yield next(controller, it)) : controller.close(); });
        },
        cancel() {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { ((it === null || it === void 0 ? void 0 : it.return) && (yield it.return())); it = null; });
        } }), Object.assign({ highWaterMark: bm ? hwm : undefined }, options));
    function next(controller, it) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            let buf;
            let r = null;
            let size = controller.desiredSize || null;
            while (!(r = yield it.next(bm ? size : null)).done) {
                if (ArrayBuffer.isView(r.value) && (buf = (0,buffer.toUint8Array)(r.value))) {
                    size != null && bm && (size = size - buf.byteLength + 1);
                    r.value = buf;
                }
                controller.enqueue(r.value);
                if (size != null && --size <= 0) {
                    return;
                }
            }
            controller.close();
        });
    }
}

//# sourceMappingURL=iterable.mjs.map

;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/whatwg/builder.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.


/** @ignore */
function builderThroughDOMStream(options) {
    return new BuilderTransform(options);
}
/** @ignore */
class BuilderTransform {
    constructor(options) {
        // Access properties by string indexers to defeat closure compiler
        this._numChunks = 0;
        this._finished = false;
        this._bufferedSize = 0;
        const { ['readableStrategy']: readableStrategy, ['writableStrategy']: writableStrategy, ['queueingStrategy']: queueingStrategy = 'count' } = options, builderOptions = (0,modules/* __rest */.Tt)(options, ['readableStrategy', 'writableStrategy', 'queueingStrategy']);
        this._controller = null;
        this._builder = (0,factories/* makeBuilder */.k8)(builderOptions);
        this._getSize = queueingStrategy !== 'bytes' ? chunkLength : chunkByteLength;
        const { ['highWaterMark']: readableHighWaterMark = queueingStrategy === 'bytes' ? Math.pow(2, 14) : 1000 } = Object.assign({}, readableStrategy);
        const { ['highWaterMark']: writableHighWaterMark = queueingStrategy === 'bytes' ? Math.pow(2, 14) : 1000 } = Object.assign({}, writableStrategy);
        this['readable'] = new ReadableStream({
            ['cancel']: () => { this._builder.clear(); },
            ['pull']: (c) => { this._maybeFlush(this._builder, this._controller = c); },
            ['start']: (c) => { this._maybeFlush(this._builder, this._controller = c); },
        }, {
            'highWaterMark': readableHighWaterMark,
            'size': queueingStrategy !== 'bytes' ? chunkLength : chunkByteLength,
        });
        this['writable'] = new WritableStream({
            ['abort']: () => { this._builder.clear(); },
            ['write']: () => { this._maybeFlush(this._builder, this._controller); },
            ['close']: () => { this._maybeFlush(this._builder.finish(), this._controller); },
        }, {
            'highWaterMark': writableHighWaterMark,
            'size': (value) => this._writeValueAndReturnChunkSize(value),
        });
    }
    _writeValueAndReturnChunkSize(value) {
        const bufferedSize = this._bufferedSize;
        this._bufferedSize = this._getSize(this._builder.append(value));
        return this._bufferedSize - bufferedSize;
    }
    _maybeFlush(builder, controller) {
        if (controller == null) {
            return;
        }
        if (this._bufferedSize >= controller.desiredSize) {
            ++this._numChunks && this._enqueue(controller, builder.toVector());
        }
        if (builder.finished) {
            if (builder.length > 0 || this._numChunks === 0) {
                ++this._numChunks && this._enqueue(controller, builder.toVector());
            }
            if (!this._finished && (this._finished = true)) {
                this._enqueue(controller, null);
            }
        }
    }
    _enqueue(controller, chunk) {
        this._bufferedSize = 0;
        this._controller = null;
        chunk == null ? controller.close() : controller.enqueue(chunk);
    }
}
/** @ignore */ const chunkLength = (chunk) => { var _a; return (_a = chunk === null || chunk === void 0 ? void 0 : chunk.length) !== null && _a !== void 0 ? _a : 0; };
/** @ignore */ const chunkByteLength = (chunk) => { var _a; return (_a = chunk === null || chunk === void 0 ? void 0 : chunk.byteLength) !== null && _a !== void 0 ? _a : 0; };

//# sourceMappingURL=builder.mjs.map

;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/whatwg/reader.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.



/** @ignore */
function recordBatchReaderThroughDOMStream(writableStrategy, readableStrategy) {
    const queue = new stream/* AsyncByteQueue */.kb();
    let reader = null;
    const readable = new ReadableStream({
        cancel() {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { yield queue.close(); });
        },
        start(controller) {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { yield next(controller, reader || (reader = yield open())); });
        },
        pull(controller) {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { reader ? yield next(controller, reader) : controller.close(); });
        }
    });
    return { writable: new WritableStream(queue, Object.assign({ 'highWaterMark': Math.pow(2, 14) }, writableStrategy)), readable };
    function open() {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            return yield (yield ipc_reader/* RecordBatchReader */.hb.from(queue)).open(readableStrategy);
        });
    }
    function next(controller, reader) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            let size = controller.desiredSize;
            let r = null;
            while (!(r = yield reader.next()).done) {
                controller.enqueue(r.value);
                if (size != null && --size <= 0) {
                    return;
                }
            }
            controller.close();
        });
    }
}

//# sourceMappingURL=reader.mjs.map

;// CONCATENATED MODULE: ./node_modules/apache-arrow/io/whatwg/writer.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.


/** @ignore */
function recordBatchWriterThroughDOMStream(writableStrategy, readableStrategy) {
    const writer = new this(writableStrategy);
    const reader = new stream/* AsyncByteStream */.V8(writer);
    const readable = new ReadableStream({
        // type: 'bytes',
        cancel() {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { yield reader.cancel(); });
        },
        pull(controller) {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { yield next(controller); });
        },
        start(controller) {
            return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () { yield next(controller); });
        },
    }, Object.assign({ 'highWaterMark': Math.pow(2, 14) }, readableStrategy));
    return { writable: new WritableStream(writer, writableStrategy), readable };
    function next(controller) {
        return (0,modules/* __awaiter */.sH)(this, void 0, void 0, function* () {
            let buf = null;
            let size = controller.desiredSize;
            while (buf = yield reader.read(size || null)) {
                controller.enqueue(buf);
                if (size != null && (size -= buf.byteLength) <= 0) {
                    return;
                }
            }
            controller.close();
        });
    }
}

//# sourceMappingURL=writer.mjs.map

// EXTERNAL MODULE: ./node_modules/apache-arrow/util/bn.mjs
var bn = __webpack_require__(7743);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/int.mjs
var util_int = __webpack_require__(9502);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/bit.mjs
var bit = __webpack_require__(632);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/math.mjs
var math = __webpack_require__(9221);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/vector.mjs
var vector = __webpack_require__(9362);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/pretty.mjs
var pretty = __webpack_require__(3999);
// EXTERNAL MODULE: ./node_modules/apache-arrow/util/interval.mjs
var interval = __webpack_require__(1604);
// EXTERNAL MODULE: ./node_modules/apache-arrow/schema.mjs
var schema = __webpack_require__(349);
// EXTERNAL MODULE: ./node_modules/apache-arrow/type.mjs
var type = __webpack_require__(4772);
// EXTERNAL MODULE: ./node_modules/apache-arrow/data.mjs
var data = __webpack_require__(7108);
// EXTERNAL MODULE: ./node_modules/apache-arrow/vector.mjs
var apache_arrow_vector = __webpack_require__(3649);
// EXTERNAL MODULE: ./node_modules/apache-arrow/recordbatch.mjs
var recordbatch = __webpack_require__(9833);
// EXTERNAL MODULE: ./node_modules/apache-arrow/table.mjs + 1 modules
var table = __webpack_require__(4822);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/util/typecheck.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.
/**
 * Type guards for Apache Arrow types that work across different instances
 * of the Arrow library. These functions use Symbol.for() based markers
 * to identify Arrow types, making them reliable when multiple versions
 * or instances of the library are loaded.
 *
 * @example
 * ```ts
 * import { isArrowSchema, isArrowTable } from 'apache-arrow';
 *
 * // Works even with different Arrow library instances
 * if (isArrowSchema(maybeSchema)) {
 *     console.log('This is a Schema from any Arrow version');
 * }
 *
 * if (isArrowTable(maybeTable)) {
 *     console.log('This is a Table from any Arrow version');
 * }
 * ```
 */






/**
 * Check if a value is an Arrow Schema from any version of the library.
 */
function isArrowSchema(x) {
    return schema/* Schema */.S.isSchema(x);
}
/**
 * Check if a value is an Arrow Field from any version of the library.
 */
function isArrowField(x) {
    return schema/* Field */.D.isField(x);
}
/**
 * Check if a value is an Arrow DataType from any version of the library.
 */
function isArrowDataType(x) {
    return type/* DataType */.pe.isDataType(x);
}
/**
 * Check if a value is an Arrow Data from any version of the library.
 */
function isArrowData(x) {
    return data/* Data */.B_.isData(x);
}
/**
 * Check if a value is an Arrow Vector from any version of the library.
 */
function isArrowVector(x) {
    return apache_arrow_vector/* Vector */.M.isVector(x);
}
/**
 * Check if a value is an Arrow RecordBatch from any version of the library.
 */
function isArrowRecordBatch(x) {
    return recordbatch/* RecordBatch */.g.isRecordBatch(x);
}
/**
 * Check if a value is an Arrow Table from any version of the library.
 */
function isArrowTable(x) {
    return table/* Table */.XI.isTable(x);
}

//# sourceMappingURL=typecheck.mjs.map

// EXTERNAL MODULE: ./node_modules/apache-arrow/visitor/typecomparator.mjs
var typecomparator = __webpack_require__(7793);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/Arrow.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.
























































/** @ignore */
const util = Object.assign(Object.assign(Object.assign(Object.assign(Object.assign(Object.assign(Object.assign(Object.assign(Object.assign(Object.assign({}, bn), util_int), bit), math), buffer), vector), pretty), interval), typecheck_namespaceObject), { compareSchemas: typecomparator/* compareSchemas */._e,
    compareFields: typecomparator/* compareFields */.zV,
    compareTypes: typecomparator/* compareTypes */.Zw });

//# sourceMappingURL=Arrow.mjs.map

// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/date-unit.mjs
var date_unit = __webpack_require__(7446);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/interval-unit.mjs
var interval_unit = __webpack_require__(7171);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/message-header.mjs
var message_header = __webpack_require__(6910);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/metadata-version.mjs
var metadata_version = __webpack_require__(1111);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/precision.mjs
var precision = __webpack_require__(5233);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/time-unit.mjs
var time_unit = __webpack_require__(7043);
// EXTERNAL MODULE: ./node_modules/apache-arrow/enum.mjs
var apache_arrow_enum = __webpack_require__(3627);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/union-mode.mjs
var union_mode = __webpack_require__(3960);
// EXTERNAL MODULE: ./node_modules/apache-arrow/row/struct.mjs
var struct = __webpack_require__(6524);
// EXTERNAL MODULE: ./node_modules/apache-arrow/row/map.mjs
var map = __webpack_require__(1075);
// EXTERNAL MODULE: ./node_modules/apache-arrow/visitor.mjs
var visitor = __webpack_require__(242);
// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/serialization.mjs
var serialization = __webpack_require__(8703);
// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/message.mjs
var message = __webpack_require__(470);
// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/metadata/message.mjs + 31 modules
var metadata_message = __webpack_require__(1677);
// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/compression/registry.mjs + 1 modules
var registry = __webpack_require__(2798);
// EXTERNAL MODULE: ./node_modules/apache-arrow/fb/compression-type.mjs
var compression_type = __webpack_require__(264);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/binary.mjs
var binary = __webpack_require__(5727);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/binaryview.mjs
var binaryview = __webpack_require__(4836);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/largebinary.mjs
var largebinary = __webpack_require__(5538);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/bool.mjs
var bool = __webpack_require__(828);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/date.mjs
var date = __webpack_require__(3252);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/decimal.mjs
var decimal = __webpack_require__(2021);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/dictionary.mjs
var dictionary = __webpack_require__(7988);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/fixedsizebinary.mjs
var fixedsizebinary = __webpack_require__(1482);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/fixedsizelist.mjs
var fixedsizelist = __webpack_require__(3181);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/float.mjs
var builder_float = __webpack_require__(9046);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/interval.mjs
var builder_interval = __webpack_require__(6267);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/duration.mjs
var duration = __webpack_require__(3196);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/int.mjs
var builder_int = __webpack_require__(3815);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/list.mjs
var list = __webpack_require__(2508);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/largelist.mjs
var largelist = __webpack_require__(2949);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/map.mjs
var builder_map = __webpack_require__(9578);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/null.mjs
var builder_null = __webpack_require__(6127);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/struct.mjs
var builder_struct = __webpack_require__(811);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/timestamp.mjs
var timestamp = __webpack_require__(3440);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/time.mjs
var time = __webpack_require__(6399);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/union.mjs
var union = __webpack_require__(1885);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/utf8.mjs
var utf8 = __webpack_require__(8617);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/utf8view.mjs
var utf8view = __webpack_require__(4542);
// EXTERNAL MODULE: ./node_modules/apache-arrow/builder/largeutf8.mjs
var largeutf8 = __webpack_require__(7936);
;// CONCATENATED MODULE: ./node_modules/apache-arrow/Arrow.dom.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.








adapters/* default */.A.toDOMStream = toDOMStream;
builder/* Builder */.M$['throughDOM'] = builderThroughDOMStream;
ipc_reader/* RecordBatchReader */.hb['throughDOM'] = recordBatchReaderThroughDOMStream;
ipc_reader/* RecordBatchFileReader */.t2['throughDOM'] = recordBatchReaderThroughDOMStream;
ipc_reader/* RecordBatchStreamReader */.fW['throughDOM'] = recordBatchReaderThroughDOMStream;
writer/* RecordBatchWriter */.VN['throughDOM'] = recordBatchWriterThroughDOMStream;
writer/* RecordBatchFileWriter */.NW['throughDOM'] = recordBatchWriterThroughDOMStream;
writer/* RecordBatchStreamWriter */.vs['throughDOM'] = recordBatchWriterThroughDOMStream;



//# sourceMappingURL=Arrow.dom.mjs.map

;// CONCATENATED MODULE: ./node_modules/apache-arrow/Arrow.node.mjs
// Licensed to the Apache Software Foundation (ASF) under one
// or more contributor license agreements.  See the NOTICE file
// distributed with this work for additional information
// regarding copyright ownership.  The ASF licenses this file
// to you under the Apache License, Version 2.0 (the
// "License"); you may not use this file except in compliance
// with the License.  You may obtain a copy of the License at
//
//   http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing,
// software distributed under the License is distributed on an
// "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
// KIND, either express or implied.  See the License for the
// specific language governing permissions and limitations
// under the License.








adapters/* default */.A.toNodeStream = toNodeStream;
builder/* Builder */.M$['throughNode'] = builderThroughNodeStream;
ipc_reader/* RecordBatchReader */.hb['throughNode'] = recordBatchReaderThroughNodeStream;
writer/* RecordBatchWriter */.VN['throughNode'] = recordBatchWriterThroughNodeStream;


//# sourceMappingURL=Arrow.node.mjs.map


/***/ })

};
