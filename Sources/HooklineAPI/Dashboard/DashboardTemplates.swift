import Mustache

/// The dashboard's Mustache templates, compiled into the module (no files to ship beside the binary).
///
/// `{{name}}` is HTML-escaped by Mustache; nothing here uses `{{{…}}}`, so every value a client or a
/// receiver controls (destinations, headers, response excerpts, event ids) is shown as text.
enum DashboardTemplates {
    /// The templates, by name; each page extends `layout`.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("dashboard template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let sources: [String: String] = [
        "layout": layout, "login": login, "overview": overview, "stores": stores, "store": store, "hook": hook,
        "event": event, "delivery": delivery, "message": message, "pager": pager, "attempts": attempts,
        "demo": demo,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}Hookline{{/title}} · Hookline</title>
        <link rel="stylesheet" href="/dashboard/style.css">
        </head>
        <body>
        <header>
        <a class="brand" href="/dashboard">Hookline</a>
        {{#signedIn}}
        <nav><a href="/dashboard">Overview</a> <a href="/dashboard/stores">Stores</a> <a href="/openapi.json">API (OpenAPI)</a></nav>
        <form method="post" action="/dashboard/logout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Log out</button></form>
        {{/signedIn}}
        </header>
        <main>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{$body}}{{/body}}
        </main>
        </body>
        </html>
        """

    static let login = """
        {{<layout}}{{$title}}Log in{{/title}}{{$body}}
        <h1>Log in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/dashboard/login" class="card">
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required>
        <button type="submit">Log in</button>
        </form>
        <p class="muted">The operator's admin token (<code>--admin-token</code>). Hookline's API is described in <a href="/openapi.json">openapi.json</a>.</p>
        {{/body}}{{/layout}}
        """

    static let overview = """
        {{<layout}}{{$title}}Overview{{/title}}{{$body}}
        <h1>Overview</h1>
        <section class="cards">
        <div class="card"><span class="figure" id="success-ratio">{{successRatio}}</span><span class="label">success, last hour</span></div>
        <div class="card"><span class="figure">{{attempts}}</span><span class="label">attempts, last hour</span></div>
        <div class="card"><span class="figure" id="queue-depth">{{queued}}</span><span class="label">queued</span></div>
        <div class="card"><span class="figure" id="in-flight">{{inFlight}}</span><span class="label">in flight</span></div>
        <div class="card"><span class="figure" id="blocked-domains">{{blockedDomains}}</span><span class="label">blocked domains</span></div>
        </section>
        <h2>Deliveries per minute, last hour</h2>
        {{#chart}}
        <svg class="chart" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="Attempts per minute over the last hour: {{summary}}">
        <line class="axis" x1="0" y1="{{baseline}}" x2="{{width}}" y2="{{baseline}}"></line>
        {{#bars}}<g><title>{{label}}</title><rect class="ok" x="{{x}}" y="{{okY}}" width="{{barWidth}}" height="{{okHeight}}"></rect><rect class="failed" x="{{x}}" y="{{failedY}}" width="{{barWidth}}" height="{{failedHeight}}"></rect></g>
        {{/bars}}
        <text class="tick" x="0" y="{{labelY}}">60 min ago</text>
        <text class="tick end" x="{{width}}" y="{{labelY}}">now</text>
        <text class="tick" x="2" y="12">{{peak}}/min</text>
        </svg>
        <p class="legend"><span class="swatch ok"></span> succeeded <span class="swatch failed"></span> failed</p>
        {{/chart}}
        <p><a href="/dashboard/stores">Stores, API accounts and webhooks →</a></p>
        {{#demo}}<p><a href="{{path}}" id="demo-receiver">The demo receiver's requests ({{count}}) →</a></p>{{/demo}}
        {{/body}}{{/layout}}
        """

    static let stores = """
        {{<layout}}{{$title}}Stores{{/title}}{{$body}}
        <h1>Stores</h1>
        <div class="scroll"><table>
        <thead><tr><th>Store</th><th>Store id</th><th>Created (UTC)</th></tr></thead>
        <tbody>
        {{#stores}}<tr><td><a href="/dashboard/stores/{{hash}}">{{hash}}</a></td><td>{{storeID}}</td><td>{{created}}</td></tr>
        {{/stores}}
        {{^stores}}<tr><td colspan="3">No stores yet.</td></tr>{{/stores}}
        </tbody></table></div>
        {{> pager}}
        {{/body}}{{/layout}}
        """

    static let pager = """
        {{#pager}}<nav class="pager">{{#previous}}<a rel="prev" href="{{previous}}">← newer</a>{{/previous}} <span>page {{page}} of {{pages}} ({{total}})</span> {{#next}}<a rel="next" href="{{next}}">older →</a>{{/next}}</nav>{{/pager}}
        """

    static let store = """
        {{<layout}}{{$title}}Store {{hash}}{{/title}}{{$body}}
        <p class="crumbs"><a href="/dashboard/stores">Stores</a> / {{hash}}</p>
        <h1>Store {{hash}}</h1>
        {{#accounts}}
        <section class="account">
        <h2>{{name}} <small class="muted">client {{clientID}}</small></h2>
        <div class="scroll"><table>
        <thead><tr><th>Webhook</th><th>Scope</th><th>Destination</th><th>Status</th></tr></thead>
        <tbody>
        {{#hooks}}<tr><td><a href="/dashboard/stores/{{storeHash}}/hooks/{{id}}">#{{id}}</a></td><td>{{scope}}</td><td class="wrap">{{destination}}</td><td><span class="status {{status}}">{{status}}</span></td></tr>
        {{/hooks}}
        {{^hooks}}<tr><td colspan="4">No webhooks.</td></tr>{{/hooks}}
        </tbody></table></div>
        {{#hasBlocked}}<h3>Blocked domains</h3><ul>{{#blocked}}<li>{{host}} until {{until}}</li>{{/blocked}}</ul>{{/hasBlocked}}
        </section>
        {{/accounts}}
        {{^accounts}}<p>No API accounts in this store.</p>{{/accounts}}
        {{/body}}{{/layout}}
        """

    static let hook = """
        {{<layout}}{{$title}}Webhook #{{id}}{{/title}}{{$body}}
        <p class="crumbs"><a href="/dashboard/stores">Stores</a> / <a href="/dashboard/stores/{{storeHash}}">{{storeHash}}</a> / webhook #{{id}}</p>
        <h1>Webhook #{{id}} <span class="status {{status}}">{{status}}</span></h1>
        <dl class="facts">
        <dt>Scope</dt><dd>{{scope}}</dd>
        <dt>Destination</dt><dd class="wrap">{{destination}}</dd>
        <dt>API account</dt><dd>{{clientID}}</dd>
        <dt>Custom headers</dt><dd>{{#headers}}<code>{{name}}: {{value}}</code><br>{{/headers}}{{^headers}}none{{/headers}}</dd>
        <dt>Events history</dt><dd>{{eventsHistory}}</dd>
        <dt>Delivery order</dt><dd>{{ordering}}</dd>
        <dt>Max in flight</dt><dd>{{maxInFlight}}</dd>
        <dt>Max per second</dt><dd>{{maxPerSecond}}</dd>
        </dl>
        <section class="actions">
        {{^active}}<form method="post" action="/dashboard/stores/{{storeHash}}/hooks/{{id}}/reactivate"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Reactivate</button></form>{{/active}}
        <form method="post" action="/dashboard/stores/{{storeHash}}/hooks/{{id}}/replay"><input type="hidden" name="csrf" value="{{csrf}}"><label for="since">Replay events since (UTC)</label> <input id="since" name="since" type="datetime-local" required> <button type="submit">Replay</button></form>
        </section>
        <h2>Attempts</h2>
        <form method="get" class="filters">
        <label for="outcome">Outcome</label> <select id="outcome" name="outcome"><option value="">any</option><option value="succeeded"{{#outcomeSucceeded}} selected{{/outcomeSucceeded}}>succeeded</option><option value="failed"{{#outcomeFailed}} selected{{/outcomeFailed}}>failed</option></select>
        <label for="from">From (UTC)</label> <input id="from" name="from" type="datetime-local" value="{{from}}">
        <label for="to">To (UTC)</label> <input id="to" name="to" type="datetime-local" value="{{to}}">
        <button type="submit">Filter</button>
        </form>
        {{> attempts}}
        {{> pager}}
        {{/body}}{{/layout}}
        """

    static let attempts = """
        <div class="scroll"><table class="attempts">
        <thead><tr><th>Attempt</th><th>Delivery</th><th>Event</th><th>Outcome</th><th>Status</th><th>Started (UTC)</th><th>ms</th><th>Response</th></tr></thead>
        <tbody>
        {{#attempts}}<tr><td>#{{number}}</td><td><a href="/dashboard/stores/{{storeHash}}/deliveries/{{deliveryID}}">{{deliveryID}}</a></td><td class="wrap"><a href="/dashboard/stores/{{storeHash}}/events/{{eventPath}}">{{eventID}}</a></td><td><span class="status {{outcome}}">{{outcome}}</span></td><td>{{status}}</td><td>{{started}}</td><td>{{latency}}</td><td><pre class="excerpt">{{excerpt}}</pre></td></tr>
        {{/attempts}}
        {{^attempts}}<tr><td colspan="8">No attempts.</td></tr>{{/attempts}}
        </tbody></table></div>
        """

    static let event = """
        {{<layout}}{{$title}}Event {{eventID}}{{/title}}{{$body}}
        <p class="crumbs"><a href="/dashboard/stores">Stores</a> / <a href="/dashboard/stores/{{storeHash}}">{{storeHash}}</a> / event</p>
        <h1 class="wrap">Event {{eventID}}</h1>
        <div class="scroll"><table>
        <thead><tr><th>Delivery</th><th>Webhook</th><th>State</th><th>Attempts</th><th>Last status</th><th>Next attempt (UTC)</th></tr></thead>
        <tbody>
        {{#deliveries}}<tr><td><a href="/dashboard/stores/{{storeHash}}/deliveries/{{id}}">{{id}}</a></td><td><a href="/dashboard/stores/{{storeHash}}/hooks/{{hookID}}">#{{hookID}}</a></td><td><span class="status {{state}}">{{state}}</span></td><td>{{attempts}}</td><td>{{lastStatus}}</td><td>{{next}}</td></tr>
        {{/deliveries}}
        {{^deliveries}}<tr><td colspan="6">No deliveries of this event.</td></tr>{{/deliveries}}
        </tbody></table></div>
        <h2>Payload</h2>
        <p class="muted">The callback payload every delivery of this event sends.</p>
        <pre class="payload" id="payload">{{payload}}</pre>
        {{#payloadCut}}<p class="muted">The first {{shown}} of {{total}} characters.</p>{{/payloadCut}}
        {{/body}}{{/layout}}
        """

    static let delivery = """
        {{<layout}}{{$title}}Delivery {{id}}{{/title}}{{$body}}
        <p class="crumbs"><a href="/dashboard/stores">Stores</a> / <a href="/dashboard/stores/{{storeHash}}">{{storeHash}}</a> / <a href="/dashboard/stores/{{storeHash}}/hooks/{{hookID}}">webhook #{{hookID}}</a> / delivery {{id}}</p>
        <h1>Delivery {{id}} <span class="status {{state}}" id="delivery-state">{{state}}</span></h1>
        <dl class="facts">
        <dt>Event</dt><dd class="wrap"><a href="/dashboard/stores/{{storeHash}}/events/{{eventPath}}">{{eventID}}</a></dd>
        <dt>Attempts</dt><dd>{{attemptCount}}</dd>
        <dt>Next attempt (UTC)</dt><dd>{{next}}</dd>
        </dl>
        <section class="actions"><form method="post" action="/dashboard/stores/{{storeHash}}/deliveries/{{id}}/retry"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="retry">Retry now</button></form></section>
        <h2>Attempts</h2>
        {{> attempts}}
        {{> pager}}
        {{/body}}{{/layout}}
        """

    static let demo = """
        {{<layout}}{{$title}}Demo receiver{{/title}}{{$body}}
        <p class="crumbs"><a href="/dashboard">Overview</a> / demo receiver</p>
        <h1>Demo receiver</h1>
        <p>What the receiver built into demo mode (<code>POST /demo/receiver</code>) got, newest first: the last {{capacity}}, kept in memory until the server stops. Make a delivery appear here:</p>
        <pre class="command">{{emit}}</pre>
        <div class="scroll"><table class="demo-requests">
        <thead><tr><th>Received (UTC)</th><th>webhook-id</th><th>Signature</th><th>Body</th></tr></thead>
        <tbody>
        {{#requests}}<tr><td>{{received}}</td><td class="wrap"><code>{{webhookID}}</code></td><td class="wrap"><code>{{signature}}</code><br><span class="muted">webhook-timestamp {{timestamp}}</span><details><summary>all headers</summary>{{#headers}}<code>{{name}}: {{value}}</code><br>{{/headers}}</details></td><td><pre class="excerpt">{{body}}</pre>{{#cut}}<span class="muted">the first {{shown}} of {{total}} characters</span>{{/cut}}</td></tr>
        {{/requests}}
        {{^requests}}<tr><td colspan="4">No requests yet.</td></tr>{{/requests}}
        </tbody></table></div>
        {{/body}}{{/layout}}
        """

    static let message = """
        {{<layout}}{{$title}}{{heading}}{{/title}}{{$body}}
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        <p><a href="{{back}}">Back</a></p>
        {{/body}}{{/layout}}
        """

    /// The stylesheet, served at `/dashboard/style.css` (the pages carry no inline style).
    static let stylesheet = """
        :root { --ok: #2f855a; --failed: #c53030; --ink: #1a202c; --muted: #718096; --line: #e2e8f0; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #f7fafc; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; padding: .6rem 1rem; background: #1a202c; color: #fff; }
        header a { color: #fff; text-decoration: none; margin-right: .75rem; }
        header .brand { font-weight: 700; }
        header nav { flex: 1; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
        a { color: #2b6cb0; }
        .cards { display: flex; flex-wrap: wrap; gap: .75rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; min-width: 9rem; flex: 1; }
        .figure { display: block; font-size: 1.6rem; font-weight: 700; }
        .label, .muted { color: var(--muted); }
        .scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .wrap { overflow-wrap: anywhere; }
        pre.excerpt { margin: 0; max-width: 28rem; max-height: 8rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .8rem; }
        .status { padding: 0 .4rem; border-radius: 4px; background: var(--line); }
        .status.active, .status.succeeded { background: #c6f6d5; }
        .status.failed, .status.deactivated, .status.cancelled { background: #fed7d7; }
        .status.pending, .status.inactive { background: #fefcbf; }
        .chart { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        .chart .ok, .swatch.ok { fill: var(--ok); background: var(--ok); }
        .chart .failed, .swatch.failed { fill: var(--failed); background: var(--failed); }
        .chart .axis { stroke: var(--muted); }
        .chart .tick { font-size: 10px; fill: var(--muted); }
        .chart .tick.end { text-anchor: end; }
        .swatch { display: inline-block; width: .8rem; height: .8rem; vertical-align: middle; }
        .facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .3rem 1rem; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
        .facts code { white-space: pre-wrap; overflow-wrap: anywhere; }
        .actions form, .filters { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin: .5rem 0; }
        form.inline { display: inline; }
        button { padding: .35rem .8rem; border: 1px solid #2b6cb0; background: #2b6cb0; color: #fff; border-radius: 4px; cursor: pointer; }
        input, select { padding: .3rem; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
        form.card { display: flex; flex-direction: column; gap: .5rem; max-width: 24rem; }
        .notice { background: #ebf8ff; border: 1px solid #90cdf4; padding: .5rem .75rem; border-radius: 6px; }
        .error { background: #fff5f5; border: 1px solid #feb2b2; padding: .5rem .75rem; border-radius: 6px; }
        .pager { display: flex; gap: 1rem; margin: .75rem 0; }
        .crumbs { color: var(--muted); margin: 0; }
        pre.payload { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; max-height: 32rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
        pre.command { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        details code { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .8rem; }
        @media (max-width: 40rem) { th, td { padding: .3rem .4rem; } .figure { font-size: 1.3rem; } }
        """
}
