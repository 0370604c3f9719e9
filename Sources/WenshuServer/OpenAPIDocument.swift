/// The API description served at `/openapi.yaml`, written by hand (OpenAPI 3.1) and kept beside the
/// routes it describes; no code is generated from it. Every response a route can give is listed
/// (`default` covers the rest as problem+json), so schema-driven fuzzers can check each answer.
enum OpenAPIDocument {
    static let yaml = #"""
    openapi: 3.1.0
    info:
      title: Wenshu
      version: 1.0.0
      summary: Insurance documents (e-policies, visa certificates, invoices, claim forms) from templates and JSON data.
      description: |
        Render documents to PDF or PNG, issue them (stored, registered, delivered by email or to storage
        through a durable outbox), submit batches as JSON lines, and verify issued documents on a public page.
        Every error is `application/problem+json` (RFC 9457) with a stable `code` and, for bad data, every
        diagnostic with its JSON path or template line.
    servers:
      - url: /
    security:
      - bearer: []
    tags:
      - name: render
      - name: documents
      - name: batches
      - name: deliveries
      - name: public
    paths:
      /v1/render/{template}:
        post:
          tags: [render]
          operationId: render
          summary: Render a template with JSON data; nothing is stored.
          description: PDF by default; PNG with `Accept image/png` or `format=png` (one page at `dpi`).
          parameters:
            - $ref: '#/components/parameters/Template'
            - name: format
              in: query
              schema: {type: string, enum: [pdf, png]}
            - name: dpi
              in: query
              schema: {type: integer, minimum: 10, maximum: 600, default: 150}
            - name: page
              in: query
              schema: {type: integer, minimum: 1, maximum: 100000, default: 1}
            - name: sign
              in: query
              description: PAdES-sign the PDF with the service's key; default true when the service has one.
              schema: {type: string, enum: ['true', 'false']}
            - name: archive
              in: query
              description: Write PDF/A (2b, or 3b with attachments); excludes Wenshu-PDF-Password.
              schema: {type: string, enum: ['true', 'false']}
            - name: Wenshu-PDF-Password
              in: header
              description: Encrypt the PDF (AES-256, revision 6) so it opens with this password; printing allowed, changes not.
              schema: {type: string, minLength: 1}
          requestBody:
            required: true
            content:
              application/json:
                schema: {type: object, description: The template's data.}
          responses:
            '200':
              description: The document.
              headers:
                X-Wenshu-Pages: {description: Pages in the document., schema: {type: integer}}
                X-Wenshu-Warnings: {description: Warnings that did not stop the render., schema: {type: integer}}
              content:
                application/pdf: {schema: {type: string, format: binary}}
                image/png: {schema: {type: string, format: binary}}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
            '503': {$ref: '#/components/responses/Busy'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/documents:
        post:
          tags: [documents]
          operationId: issueDocument
          summary: Issue a document, keep its file and enqueue its deliveries.
          description: 201 when created; 200 with the first record when the idempotency key was issued before.
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/IssueRequest'}
          responses:
            '200':
              description: Issued before with this idempotency key.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Document'}}
            '201':
              description: Issued.
              headers:
                Location: {schema: {type: string}}
              content:
                application/json: {schema: {$ref: '#/components/schemas/Document'}}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
            '503': {$ref: '#/components/responses/Busy'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/documents/{id}:
        get:
          tags: [documents]
          operationId: getDocument
          parameters:
            - $ref: '#/components/parameters/Id'
          responses:
            '200':
              description: The document's record.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Document'}}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/documents/{id}/file:
        get:
          tags: [documents]
          operationId: getDocumentFile
          parameters:
            - $ref: '#/components/parameters/Id'
            - name: If-None-Match
              in: header
              schema: {type: string}
          responses:
            '200':
              description: The PDF as issued.
              headers:
                ETag: {description: 'The file''s SHA-256, quoted.', schema: {type: string}}
                Content-Disposition: {schema: {type: string}}
              content:
                application/pdf: {schema: {type: string, format: binary}}
            '304': {description: Unchanged (ETag matched).}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/batches:
        post:
          tags: [batches]
          operationId: submitBatch
          summary: Submit records as JSON lines (one JSON object a line); the body is streamed, up to 512 MiB.
          parameters:
            - name: template
              in: query
              required: true
              schema: {type: string, pattern: '^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$'}
            - name: deliverTo
              in: query
              description: JSON path of each record's email address, e.g. `$.insured.email`.
              schema: {type: string, maxLength: 200}
            - name: storePrefix
              in: query
              description: Storage key prefix for each document, e.g. `certificates/2025/`.
              schema: {type: string, maxLength: 200}
            - name: sign
              in: query
              description: Sign each document; default true when the service has a signing key.
              schema: {type: string, enum: ['true', 'false']}
            - name: archive
              in: query
              description: Keep each document as PDF/A.
              schema: {type: string, enum: ['true', 'false']}
            - name: encrypt
              in: query
              description: Encrypt each emailed copy with a new password, sent in a second email (needs deliverTo).
              schema: {type: string, enum: [generate]}
          requestBody:
            required: true
            content:
              application/x-ndjson:
                schema: {type: string}
              text/plain:
                schema: {type: string}
          responses:
            '202':
              description: Accepted; records are issued by the batch workers.
              headers:
                Location: {schema: {type: string}}
              content:
                application/json: {schema: {$ref: '#/components/schemas/BatchAccepted'}}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/batches/{id}:
        get:
          tags: [batches]
          operationId: getBatch
          parameters:
            - $ref: '#/components/parameters/Id'
          responses:
            '200':
              description: Progress and failures.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Batch'}}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/deliveries/{id}:
        get:
          tags: [deliveries]
          operationId: getDelivery
          parameters:
            - $ref: '#/components/parameters/Id'
          responses:
            '200':
              description: The job's state and every attempt; addresses masked.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Delivery'}}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/policies/{policyNo}/endorsements:
        post:
          tags: [documents]
          operationId: endorsePolicy
          summary: Endorse a policy (批单) - re-issue the documents it changes, supersede the old versions, enqueue the deliveries, in one transaction.
          description: 201 when created; 200 with the first result when the same endorsement (idempotency key) was made before. 409 when the policy is cancelled.
          parameters:
            - $ref: '#/components/parameters/PolicyNo'
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/EndorsementRequest'}
          responses:
            '200':
              description: Made before with this idempotency key.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Endorsement'}}
            '201':
              description: Endorsed.
              headers:
                Location: {schema: {type: string}}
              content:
                application/json: {schema: {$ref: '#/components/schemas/Endorsement'}}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            '409': {$ref: '#/components/responses/Problem'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
            '503': {$ref: '#/components/responses/Busy'}
            default: {$ref: '#/components/responses/Problem'}
      /v1/policies/{policyNo}/documents:
        get:
          tags: [documents]
          operationId: listPolicyDocuments
          summary: Every document of a policy, oldest first - its chain of versions and endorsements.
          parameters:
            - $ref: '#/components/parameters/PolicyNo'
          responses:
            '200':
              description: The chain.
              content:
                application/json: {schema: {$ref: '#/components/schemas/PolicyDocuments'}}
            '401': {$ref: '#/components/responses/Unauthorized'}
            '403': {$ref: '#/components/responses/Problem'}
            '404': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
            default: {$ref: '#/components/responses/Problem'}
      /v/{token}:
        get:
          tags: [public]
          operationId: verifyToken
          security: []
          summary: The page behind a document's QR - the Ed25519-signed token is checked before any lookup.
          parameters:
            - name: token
              in: path
              required: true
              schema: {type: string}
          responses:
            '200': {$ref: '#/components/responses/Page'}
            '404': {$ref: '#/components/responses/Page'}
            '429':
              description: Too many requests from this address.
              headers:
                Retry-After: {schema: {type: integer}}
              content:
                text/html: {schema: {type: string}}
            default: {$ref: '#/components/responses/Problem'}
      /verify/{code}:
        get:
          tags: [public]
          operationId: verify
          security: []
          summary: Public bilingual page saying whether a document is genuine and in force.
          parameters:
            - name: code
              in: path
              required: true
              schema: {type: string}
          responses:
            '200': {$ref: '#/components/responses/Page'}
            '404': {$ref: '#/components/responses/Page'}
            '429':
              description: Too many requests from this address.
              headers:
                Retry-After: {schema: {type: integer}}
              content:
                text/html: {schema: {type: string}}
            default: {$ref: '#/components/responses/Problem'}
      /:
        get:
          tags: [public]
          operationId: index
          security: []
          responses:
            '200': {$ref: '#/components/responses/Page'}
            default: {$ref: '#/components/responses/Problem'}
      /samples/{template}/{file}:
        get:
          tags: [public]
          operationId: sample
          security: []
          summary: Renders a committed sample of a template (the n-th listed on the index page).
          parameters:
            - name: template
              in: path
              required: true
              schema: {type: string}
            - name: file
              in: path
              required: true
              schema: {type: string, pattern: '^[0-9]+\.(pdf|png)$'}
          responses:
            '200':
              description: The sample document.
              content:
                application/pdf: {schema: {type: string, format: binary}}
                image/png: {schema: {type: string, format: binary}}
            '404': {$ref: '#/components/responses/Problem'}
            '503': {$ref: '#/components/responses/Busy'}
            default: {$ref: '#/components/responses/Problem'}
      /health/live:
        get:
          tags: [public]
          operationId: live
          security: []
          responses:
            '200':
              description: The process is up.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Health'}}
      /health/ready:
        get:
          tags: [public]
          operationId: ready
          security: []
          responses:
            '200':
              description: Templates loaded and the database answers.
              content:
                application/json: {schema: {$ref: '#/components/schemas/Health'}}
            '503': {$ref: '#/components/responses/Busy'}
            default: {$ref: '#/components/responses/Problem'}
      /metrics:
        get:
          tags: [public]
          operationId: metrics
          security: []
          responses:
            '200':
              description: Prometheus text exposition.
              content:
                text/plain: {schema: {type: string}}
      /openapi.yaml:
        get:
          tags: [public]
          operationId: openapi
          security: []
          responses:
            '200':
              description: This document.
              content:
                application/yaml: {schema: {type: string}}
    components:
      securitySchemes:
        bearer:
          type: http
          scheme: bearer
          description: 'A token from WENSHU_API_TOKENS; its scopes (render, documents, deliveries, batches) decide which /v1 routes it may call.'
      parameters:
        Template:
          name: template
          in: path
          required: true
          schema: {type: string}
        Id:
          name: id
          in: path
          required: true
          schema: {type: string}
        PolicyNo:
          name: policyNo
          in: path
          required: true
          schema: {type: string, minLength: 1, maxLength: 64}
      responses:
        Problem:
          description: An error (RFC 9457).
          content:
            application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}
        Unauthorized:
          description: No token, or not a valid one.
          headers:
            WWW-Authenticate: {schema: {type: string}}
          content:
            application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}
        Busy:
          description: Busy or not ready; try again after Retry-After seconds.
          headers:
            Retry-After: {schema: {type: integer}}
          content:
            application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}
        Page:
          description: An HTML page.
          content:
            text/html: {schema: {type: string}}
      schemas:
        Problem:
          type: object
          required: [type, title, status, detail, code, diagnostics]
          properties:
            type: {type: string}
            title: {type: string}
            status: {type: integer}
            detail: {type: string}
            code:
              type: string
              description: 'Stable: invalid-data, render-time-limit, invalid-request, invalid-parameter, malformed-json, unknown-template, too-large, unsupported-media-type, unauthorized, forbidden, not-found, method-not-allowed, saturated, timeout, not-ready, rate-limited, internal.'
            diagnostics:
              type: array
              items: {$ref: '#/components/schemas/Diagnostic'}
        Diagnostic:
          type: object
          required: [message, location, severity, code]
          properties:
            message: {type: string, description: 'Lowercase prose for people; wording may change. Control characters from the data are escaped as \\u{1B}.'}
            location: {type: string, description: 'A JSON path ($.insured.name), a template line (Templates/x/template.yaml:3:4) or a parameter name.'}
            severity: {type: string, enum: [error, warning, note]}
            code: {type: string, description: 'Stable and machine-readable: REQUIRED, TYPE, FORMAT, CHECK_DIGIT, RANGE, CURRENCY, CONTROL_CHARACTER, SCHENGEN_COVER, SCHENGEN_TERRITORY, SCHENGEN_PERIOD, PASSPORT_VALIDITY, PINYIN_MISMATCH, PINYIN_LEGACY, PINYIN_UNUSUAL_READING, PINYIN_REGIONAL_SPELLING, BENEFICIARY_SHARES, VAT_MISMATCH, GLYPH_MISSING, LAYOUT_OVERFLOW, JSON_SYNTAX, LIMIT, TEMPLATE, INVALID; more may be added.'}
        DeliverySpec:
          type: object
          required: [channel]
          properties:
            channel: {type: string, enum: [email, store]}
            to: {type: string, description: Email address (channel email).}
            key: {type: string, description: Storage key (channel store); optional.}
        IssueRequest:
          type: object
          required: [template, data]
          properties:
            template: {type: string}
            data: {type: object}
            deliver:
              type: array
              maxItems: 20
              items: {$ref: '#/components/schemas/DeliverySpec'}
            idempotencyKey: {type: [string, 'null'], minLength: 1, maxLength: 200}
            sign: {type: [boolean, 'null'], description: PAdES-sign the document; default true when the service has a signing key.}
            archive: {type: [boolean, 'null'], description: Keep the document as PDF/A (2b, or 3b with attachments).}
            encrypt:
              description: 'Encrypt the emailed copies (AES-256; the kept copy never is): with the caller''s password, or a generated one sent in a second email from the mail template''s password message.'
              oneOf:
                - {type: 'null'}
                - type: object
                  required: [password]
                  additionalProperties: false
                  properties: {password: {type: string, minLength: 1, maxLength: 127}}
                - type: object
                  required: [generate]
                  additionalProperties: false
                  properties: {generate: {type: boolean, const: true}}
        Document:
          type: object
          required: [id, template, templateVersion, version, status, dataSha256, fileSha256, fileSize, mediaType, fileName, fileUrl, createdAt, verificationUrl, deliveries]
          properties:
            id: {type: string}
            template: {type: string}
            templateVersion: {type: string}
            version: {type: integer}
            status: {type: string, enum: [valid, superseded, cancelled]}
            dataSha256: {type: string}
            fileSha256: {type: string}
            fileSize: {type: integer}
            mediaType: {type: string}
            fileName: {type: string}
            fileUrl: {type: string}
            createdAt: {type: string, format: date-time}
            verificationUrl: {type: string}
            supersededBy: {type: string}
            policyNumber: {type: string}
            statusChangedAt: {type: string, format: date-time}
            batchId: {type: string}
            deliveries:
              type: array
              items:
                type: object
                required: [id, channel, state]
                properties:
                  id: {type: string}
                  channel: {type: string, enum: [email, filesystem, s3]}
                  state: {type: string, enum: [queued, sending, retrying, sent, dead]}
            warnings:
              type: array
              items: {$ref: '#/components/schemas/Diagnostic'}
        EndorsementRequest:
          type: object
          required: [kind, effective, changes]
          properties:
            kind: {type: string, enum: [passport, name, extension, cancellation, other]}
            effective: {type: string, description: 'A date (零时) or a date-time on the hour; Beijing time unless it has an offset.'}
            changes:
              type: array
              items:
                type: object
                required: [after]
                properties:
                  path: {type: string, description: 'Field in the documents'' data, e.g. insured.passportNumber.'}
                  paths: {type: object, additionalProperties: {type: string}, description: 'The field per template.'}
                  after: {type: string}
                  before: {type: string}
                  labelZh: {type: string}
                  labelEn: {type: string}
                  format: {type: string, enum: [text, passport, residentID, mobile, bankCard]}
            premium:
              type: object
              required: [direction, amount]
              properties:
                direction: {type: string, enum: [additional, refund]}
                amount: {type: string}
                currency: {type: string, enum: [CNY]}
            text:
              type: object
              required: [zh, en]
              properties: {zh: {type: string}, en: {type: string}}
            number: {type: string}
            reissue: {type: array, items: {type: string}}
            deliver: {type: array, items: {$ref: '#/components/schemas/DeliverySpec'}}
            idempotencyKey: {type: string}
            sign: {type: boolean, description: Sign the endorsement and re-issued documents; default true when the service has a signing key.}
            archive: {type: boolean, description: Keep them as PDF/A.}
        Endorsement:
          type: object
          required: [endorsement, reissued]
          properties:
            endorsement: {$ref: '#/components/schemas/Document'}
            reissued: {type: array, items: {$ref: '#/components/schemas/Document'}}
        PolicyDocuments:
          type: object
          required: [policyNumber, documents]
          properties:
            policyNumber: {type: string}
            documents: {type: array, items: {$ref: '#/components/schemas/Document'}}
        BatchAccepted:
          type: object
          required: [id, state, total]
          properties:
            id: {type: string}
            state: {type: string, enum: [receiving, running, done]}
            total: {type: integer}
        Batch:
          type: object
          required: [id, template, state, total, done, failed, createdAt, failures]
          properties:
            id: {type: string}
            template: {type: string}
            state: {type: string, enum: [receiving, running, done]}
            total: {type: integer}
            done: {type: integer}
            failed: {type: integer}
            createdAt: {type: string, format: date-time}
            finishedAt: {type: string, format: date-time}
            failures:
              type: array
              items:
                type: object
                required: [record, diagnostics]
                properties:
                  record: {type: integer}
                  diagnostics: {type: array, items: {type: string}}
        Delivery:
          type: object
          required: [id, channel, state, target, fileName, attempts, createdAt, updatedAt, attemptLog]
          properties:
            id: {type: string}
            channel: {type: string, enum: [email, filesystem, s3]}
            state: {type: string, enum: [queued, sending, retrying, sent, dead]}
            target: {type: string, description: Masked email address or storage key.}
            document: {type: string}
            fileName: {type: string}
            attempts: {type: integer}
            createdAt: {type: string, format: date-time}
            updatedAt: {type: string, format: date-time}
            nextAttemptAt: {type: string, format: date-time}
            lastCode: {type: integer}
            lastReply: {type: string}
            attemptLog:
              type: array
              items:
                type: object
                required: [at, outcome, reply, target, durationMs]
                properties:
                  at: {type: string, format: date-time}
                  outcome: {type: string}
                  code: {type: integer}
                  reply: {type: string}
                  target: {type: string}
                  durationMs: {type: integer}
        Health:
          type: object
          required: [status]
          properties:
            status: {type: string}
    """#
}
