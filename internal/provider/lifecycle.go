package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// The lifecycle that every resource creating a payment object shares
// (indopay_payget_payment, indopay_mayar_payment_request,
// indopay_mayar_payment_link): the create is sent once and recorded before
// anything else, a read of an object the API no longer knows removes it,
// destroy ends the object unless told not to, and an object is imported
// by its id. docs/design.md ("A create is sent once") lists the rules;
// this file is the one place the resources enforce them. Each resource
// describes its objects with a lifecycle value and keeps its own story:
// its schema, its model mapping and the calls it makes.

// lifecycle describes one type of object for the shared rules. C is the
// API's client, T what a read of one object returns.
type lifecycle[C, T any] struct {
	api      apiAdvice // whose object it is, and what to do about that API's errors
	noun     string    // "payment link", as in "Mayar payment link <id>"
	typeName string    // "indopay_mayar_payment_link", for messages
	ids      idShape   // what an id looks like, for import
	end      ending    // what destroy does
	// duplicateOf says what Mayar's duplicate guard compares for this
	// object ("same name, amount and email"); "" when it is not known.
	duplicateOf string
	timeouts    defaultTimeouts
	newModel    func() lifecycleModel[T] // an empty model of the resource

	// connect returns the client for an operation (what: "Closing an
	// indopay_..."), with the context its requests go with, and an error
	// when the API key is missing; for PayGet the client even then.
	connect func(d *providerData, ctx context.Context, what string) (context.Context, C, diag.Diagnostics)
	// readNeedsNoKey: the API reads one object without the key (PayGet's
	// payment status).
	readNeedsNoKey bool
	// The calls, as method expressions of the client ((*mayar.Client).GetProduct).
	get    func(client C, ctx context.Context, id string) (T, error)
	status func(T) string
	finish func(client C, ctx context.Context, id string) error // what destroy sends: cancel, close
}

// ending is what destroy does to an object: one request that ends it
// (cancel, close), unless its argument is false or its status is final.
type ending struct {
	verb, doing, done string // "close", "Closing", "closed"
	argument          string // "close_on_destroy"
	// final are the statuses in which there is nothing left to end.
	final map[string]finalStatus
}

// finalStatus says what a final status means, in the warning of a destroy
// that had nothing to end ("The payment is already <said>, so there is
// nothing to cancel<why>. It was removed from state<after>.").
type finalStatus struct {
	said, why, after string
}

// defaultTimeouts are the operations' timeouts when the timeouts block does
// not set them.
type defaultTimeouts struct {
	create, read, update, delete time.Duration
}

// mayarTimeouts are the defaults of both Mayar resources: every operation is
// one or two requests, paced, each at most request_timeout.
var mayarTimeouts = defaultTimeouts{create: 2 * time.Minute, read: time.Minute, update: 2 * time.Minute, delete: 2 * time.Minute}

// managedResource is what each create-once resource implements:
// createOnceResource answers most of it, and the resource adds its schema,
// its plan checks, its create and its update.
type managedResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
	resource.ResourceWithModifyPlan
}

// createOnceResource is the part of a resource that the shared rules
// answer: its type name, configuration, identity, refresh, destroy and
// import. A resource embeds it and adds its own story: its schema, and the
// create and update it makes.
type createOnceResource[C, T any] struct {
	*lifecycle[C, T]
	data *providerData
}

func (r *createOnceResource[C, T]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *createOnceResource[C, T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (r *createOnceResource[C, T]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.identitySchema()
}

func (r *createOnceResource[C, T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.read(ctx, r.data, req, resp, r.newModel())
}

func (r *createOnceResource[C, T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.destroy(ctx, r.data, req, resp, r.newModel())
}

func (r *createOnceResource[C, T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importState(ctx, req, resp)
}

// update runs an Update that talks to the API: the plan and the state into
// their models, then change, with the client and a context bounded by the
// update timeout, applies the plan and records in state what the API
// accepted. The response's state is the old one until the end, when state
// is written as change left it, with its identity.
func (r *createOnceResource[C, T]) update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state lifecycleModel[T], change func(ctx context.Context, client C)) {
	resp.Diagnostics.Append(req.Plan.Get(ctx, plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.State.Raw = req.State.Raw.Copy()
	timed, client, done := r.begin(ctx, r.data, "Updating", true, plan.object().Timeouts.Update, r.timeouts.update, &resp.Diagnostics)
	defer done()
	if resp.Diagnostics.HasError() {
		return
	}
	change(timed, client)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.object().ID)...)
}

// lifecycleModel is a resource's model as the shared rules see it.
type lifecycleModel[T any] interface {
	object() objectState
	// applyRead maps what a read of the object returned onto the model,
	// and gives the arguments that import cannot read their defaults.
	applyRead(T)
}

// objectState is what the shared rules read from a model.
type objectState struct {
	ID           types.String
	Status       types.String // as the last refresh read it
	EndOnDestroy types.Bool   // cancel_on_destroy, close_on_destroy
	Timeouts     timeouts.Value
}

// creatableModel is a model that can say what its create sends.
type creatableModel[C, T any] interface {
	lifecycleModel[T]
	// creation checks the plan and returns the create it asks for; an
	// error names what is wrong with the plan.
	creation() (creation[C], error)
}

// creation is one create.
type creation[C any] struct {
	what string // `payment link "Kopi" of Rp 25000`, naming the object in messages
	lost string // how to find the object should the outcome be unknown, and what to do with it
	// send sends the create and maps its answer onto the model.
	send func(ctx context.Context, client C) error
}

func (l *lifecycle[C, T]) named(id string) string {
	return l.api.name + " " + l.noun + " " + id
}

// client returns the client for an operation of doing ("Reading"), or adds
// the error that says how to set a missing key.
func (l *lifecycle[C, T]) client(ctx context.Context, d *providerData, doing string, needKey bool, diags *diag.Diagnostics) (context.Context, C) {
	ctx, client, keyDiags := l.connect(d, ctx, doing+" an "+l.typeName)
	if needKey {
		diags.Append(keyDiags...)
	}
	return ctx, client
}

// begin starts an operation of doing ("Reading") on an object: the client,
// and the context its requests go with, bounded by the operation's
// timeout, timeoutOf (such as Timeouts.Read) or def when the timeouts
// block does not set it. The caller defers done, which reports a wait for
// Mayar's pacing window, and stops when diags hold an error.
func (l *lifecycle[C, T]) begin(ctx context.Context, d *providerData, doing string, needKey bool, timeoutOf func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (_ context.Context, _ C, done func()) {
	ctx, client := l.client(ctx, d, doing, needKey, diags)
	timeout, timeoutDiags := timeoutOf(ctx, def)
	diags.Append(timeoutDiags...)
	timed, cancel := context.WithTimeout(ctx, timeout)
	return timed, client, func() {
		cancel()
		d.warnIfPaced(ctx, diags)
	}
}

// stored reads the object's state into m.
func stored[T any](ctx context.Context, state tfsdk.State, m lifecycleModel[T], diags *diag.Diagnostics) (objectState, bool) {
	diags.Append(state.Get(ctx, m)...)
	return m.object(), !diags.HasError()
}

// create creates the object the plan describes and records it in state,
// with its identity, before anything else: whatever happened to ctx
// meanwhile, so that an interrupted apply keeps it. The create goes within
// createCall, once (see createFailed for what else can happen). It returns
// the context and client for what the resource does next (a status to set),
// bounded by the create timeout until cancel; the diagnostics say whether
// the object was created. The caller ends with d.warnIfPaced on that
// context.
func (l *lifecycle[C, T]) create(ctx context.Context, d *providerData, req resource.CreateRequest, resp *resource.CreateResponse, m creatableModel[C, T]) (context.Context, C, context.CancelFunc) {
	var client C
	resp.Diagnostics.Append(req.Plan.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return ctx, client, func() {}
	}
	ctx, client = l.client(ctx, d, "Creating", true, &resp.Diagnostics)
	timeout, diags := m.object().Timeouts.Create(ctx, l.timeouts.create)
	resp.Diagnostics.Append(diags...)
	c, err := m.creation()
	if err != nil {
		resp.Diagnostics.AddError("Invalid "+l.api.name+" "+l.noun, err.Error())
	}
	if resp.Diagnostics.HasError() {
		return ctx, client, func() {}
	}
	call, done := createCall(ctx, timeout, "a "+l.api.name+" "+c.what)
	err = c.send(call, client)
	done()
	if l.createFailed(&resp.Diagnostics, c, err, timeout) {
		return ctx, client, func() {}
	}
	tflog.Debug(ctx, "created "+l.api.name+" "+l.noun, map[string]any{"id": m.object().ID.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m.object().ID)...)
	next, cancel := context.WithTimeout(ctx, timeout)
	return next, client, cancel
}

// createFailed reports a create that created nothing known, and reports
// whether it was one. Its outcomes: stopped before anything was sent
// (apply again), sent without a usable answer (the object may exist: how
// to find it; never sent again), refused by Mayar's duplicate guard, or
// refused.
func (l *lifecycle[C, T]) createFailed(diags *diag.Diagnostics, c creation[C], err error, timeout time.Duration) bool {
	object := l.api.name + " " + c.what
	if why, ok := stoppedBeforeSending(err, timeout); ok {
		diags.AddError(object+" not created", fmt.Sprintf(
			"%s before %s accepted a request to create it: nothing was created at %[2]s. Run `terraform "+
				"apply` again to create it.", why, l.api.name))
		return true
	}
	switch {
	case err == nil:
		return false
	case errors.Is(err, transport.ErrOutcomeUnknown):
		diags.AddError(l.api.name+" "+l.noun+" may have been created", l.api.createMayExist(c.what, l.noun, c.lost, err))
	case errors.Is(err, mayar.ErrDuplicateRequest):
		diags.AddError("Mayar refused a duplicate "+l.noun, l.duplicateRefused(c.what, err))
	default:
		diags.AddError("Unable to create "+object, l.api.detail(err))
	}
	return true
}

// duplicateRefused says once what Mayar's duplicate guard refused and why,
// and what to do. Destroy only closes an object, so applying again right
// after a destroy sends the same create within the guard's minute.
func (l *lifecycle[C, T]) duplicateRefused(what string, err error) string {
	same := ""
	if l.duplicateOf != "" {
		same = " (" + l.duplicateOf + ")"
	}
	answer := err.Error()
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		answer = fmt.Sprintf("HTTP %d %q", apiErr.StatusCode, apiErr.Message)
	}
	return fmt.Sprintf("Mayar refused to create the %s because it created an identical one%s within the last "+
		"minute, for example the one just destroyed: destroy only closes a %s, and Mayar still counts it. "+
		"Nothing was created, and the request was not sent again (Mayar answered %s).\n\n"+
		"Wait a minute and apply again, or change the name.",
		what, same, l.noun, answer)
}

// createdButNot reports that the step following a create (closing it,
// setting its status), which the plan asks for, failed: the object exists
// and stays in state, as the create left it, and Terraform marks it
// tainted.
func (l *lifecycle[C, T]) createdButNot(diags *diag.Diagnostics, id, summary, step, asks, standing string, err error) {
	diags.AddError(summary+" "+l.named(id), fmt.Sprintf(
		"The %s was created, but %s, as %s asks, failed: %s\n\nIt stays in state (Terraform marks it tainted), %s.",
		l.noun, step, asks, l.api.detail(err), standing))
}

// read refreshes the object in state. One the API no longer knows is
// removed from state with a warning, and the next plan proposes to create
// it again.
func (l *lifecycle[C, T]) read(ctx context.Context, d *providerData, req resource.ReadRequest, resp *resource.ReadResponse, m lifecycleModel[T]) {
	s, ok := stored(ctx, req.State, m, &resp.Diagnostics)
	if !ok {
		return
	}
	// First: the framework wants an identity after every read that is not
	// an error, one that removes the object included, and a CLI without
	// identities (Terraform before 1.12, OpenTofu) sends none to carry over.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, s.ID)...)
	ctx, client, done := l.begin(ctx, d, "Reading", !l.readNeedsNoKey, s.Timeouts.Read, l.timeouts.read, &resp.Diagnostics)
	defer done()
	if resp.Diagnostics.HasError() {
		return
	}
	id := s.ID.ValueString()
	obj, err := l.get(client, ctx, id)
	switch {
	case errors.Is(err, l.api.notFound):
		resp.Diagnostics.AddWarning(l.named(id)+" no longer exists", fmt.Sprintf(
			"%s no longer knows this %s, so it was removed from state; the next plan proposes to create it again.",
			l.api.name, l.noun))
		resp.State.RemoveResource(ctx)
	case err != nil:
		resp.Diagnostics.AddError("Unable to read "+l.named(id), l.api.detail(err))
	default:
		m.applyRead(obj)
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// destroy ends the object (cancels, closes) unless its *_on_destroy
// argument is false. An object whose refreshed status is final is removed
// from state with a warning and no request; a refusal is read again, to
// tell an object that became final since the refresh (a warning) from a
// failure (an error); one the API no longer knows is removed with a
// warning.
func (l *lifecycle[C, T]) destroy(ctx context.Context, d *providerData, req resource.DeleteRequest, resp *resource.DeleteResponse, m lifecycleModel[T]) {
	s, ok := stored(ctx, req.State, m, &resp.Diagnostics)
	if !ok {
		return
	}
	id := s.ID.ValueString()
	if !s.EndOnDestroy.ValueBool() {
		tflog.Info(ctx, fmt.Sprintf("%s is false: removing the %s %s from state without %s it", l.end.argument,
			l.api.name, l.noun, strings.ToLower(l.end.doing)), map[string]any{"id": id})
		return
	}
	if l.endedAlready(&resp.Diagnostics, id, s.Status.ValueString()) {
		return
	}
	ctx, client, done := l.begin(ctx, d, l.end.doing, true, s.Timeouts.Delete, l.timeouts.delete, &resp.Diagnostics)
	defer done()
	if resp.Diagnostics.HasError() {
		return
	}
	err := l.finish(client, ctx, id)
	var refused *transport.APIError
	if errors.As(err, &refused) && !errors.Is(err, l.api.notFound) {
		// The API refuses to end an object that is no longer open: read
		// where it stands now.
		obj, rerr := l.get(client, ctx, id)
		switch {
		case errors.Is(rerr, l.api.notFound):
			err = rerr
		case rerr == nil && l.endedAlready(&resp.Diagnostics, id, l.status(obj)):
			return
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, l.api.notFound):
		resp.Diagnostics.AddWarning(l.notEnded(id), fmt.Sprintf("%s no longer knows this %s; it was removed from state.",
			l.api.name, l.noun))
	default:
		resp.Diagnostics.AddError("Unable to "+l.end.verb+" "+l.named(id), l.api.detail(err))
	}
}

// endedAlready adds the warning of a destroy that finds the object in a
// final status, with nothing left to end, and reports whether it did.
func (l *lifecycle[C, T]) endedAlready(diags *diag.Diagnostics, id, status string) bool {
	f, ok := l.end.final[status]
	if ok {
		diags.AddWarning(l.notEnded(id), fmt.Sprintf("The %s is already %s, so there is nothing to %s%s. It was "+
			"removed from state%s.", l.noun, f.said, l.end.verb, f.why, f.after))
	}
	return ok
}

// notEnded is the summary of a destroy, or an action, that ended nothing:
// "Mayar payment link <id> was not closed".
func (l *lifecycle[C, T]) notEnded(id string) string {
	return l.named(id) + " was not " + l.end.done
}

// importState takes the id from `terraform import`, an import block's id,
// or (Terraform 1.12 and later) an import block's identity; the read that
// follows fills in the rest and the identity. Something that is not an id
// (a payment URL, a slug, nothing) is refused before any request, saying
// what an id looks like and where to find one.
func (l *lifecycle[C, T]) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := req.ID
	if given == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		var identity objectIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		given = identity.ID.ValueString()
	}
	if problem := l.ids.problem(given); problem != "" {
		resp.Diagnostics.AddError("Invalid "+l.api.name+" "+l.noun+" id", fmt.Sprintf(
			"%s Importing an %s needs the id %s assigned to the %s: %s.\n\nTo find it, %s.",
			problem, l.typeName, l.api.name, l.noun, l.ids.example, l.ids.where))
		return
	}
	resource.ImportStatePassthroughWithIdentity(ctx, pathID, pathID, req, resp)
}

// identitySchema is the resource identity (Terraform 1.12 and later): the
// id alone names an object, across configurations.
func (l *lifecycle[C, T]) identitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       fmt.Sprintf("The %s's id %s assigned (%s).", l.noun, l.api.name, l.ids.example),
				RequiredForImport: true,
			},
		},
	}
}

// objectIdentity is the value of identitySchema.
type objectIdentity struct {
	ID types.String `tfsdk:"id"`
}

// setIdentity records an object's identity. The framework hands every
// operation of a resource with an identity schema a non-nil identity and
// requires it set after create, read and update; a Terraform older than
// 1.12 does not store it.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, objectIdentity{ID: id})
}

// idShape is what one API's ids look like, for import: their pattern, an
// example, and where a person finds one.
type idShape struct {
	pattern *regexp.Regexp
	example string // "a UUID such as 6f8c19ff-5b97-4792-aa89-d2a12797b356"
	where   string // where to find an id
}

var (
	payGetIDs = idShape{
		pattern: regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`),
		example: "letters and digits such as a1b2c3d4e5f6g7h8",
	}
	mayarIDs = idShape{
		pattern: regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`),
		example: "a UUID such as 6f8c19ff-5b97-4792-aa89-d2a12797b356",
	}
)

// withWhere is s with where to find an id of one type of object.
func (s idShape) withWhere(where string) idShape {
	s.where = where
	return s
}

// problem says why given is not an id, as a sentence; "" when it is one.
func (s idShape) problem(given string) string {
	trimmed := strings.TrimSpace(given)
	switch {
	case trimmed == "":
		return "The id is empty."
	case strings.Contains(trimmed, "/pl/"):
		return fmt.Sprintf("%q is the address of a payment page, not an id.", given)
	case strings.Contains(trimmed, "/"):
		return fmt.Sprintf("%q is a web address, not an id.", given)
	case s.pattern.MatchString(given):
		return ""
	case slugPattern.MatchString(given):
		return fmt.Sprintf("%q is not an id: it looks like the slug at the end of a payment page's address.", given)
	}
	return fmt.Sprintf("%q is not an id.", given)
}

// slugPattern matches what the last part of a payment page's address looks
// like.
var slugPattern = regexp.MustCompile(`^[a-z0-9-]+$`)
