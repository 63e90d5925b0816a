// The bench's Coccinelle peer: pairs pre_patch-shaped callbacks (int fn(struct klp_object *)) with
// post_unpatch-shaped ones (void fn(struct klp_object *)) per file and prints the files with one and not the other.
@initialize:python@
@@
pairs = {}

@pre_shaped@
identifier fn, obj;
position p;
@@
int fn@p(struct klp_object *obj) { ... }

@post_shaped@
identifier fn, obj;
position p;
@@
void fn@p(struct klp_object *obj) { ... }

@script:python@
fn << pre_shaped.fn;
p << pre_shaped.p;
@@
pairs.setdefault(p[0].file, [[], []])[0].append(fn)

@script:python@
fn << post_shaped.fn;
p << post_shaped.p;
@@
pairs.setdefault(p[0].file, [[], []])[1].append(fn)

@finalize:python@
@@
for name, (pre, post) in sorted(pairs.items()):
    if not pre or not post:
        print("%s: pre_patch-shaped %s, post_unpatch-shaped %s" % (name, pre, post))
