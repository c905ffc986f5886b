// One diesel schema over both backends; the migrations in `migrations/sqlite` and
// `migrations/postgres` must produce exactly these tables (a test checks it).

diesel::table! {
    departments (id) {
        id -> Integer,
        name -> Text,
        code -> Text,
        directorate -> Text,
    }
}

diesel::table! {
    people (id) {
        id -> Integer,
        name -> Text,
        email -> Text,
        department_id -> Nullable<Integer>,
        role -> Text,
        password_hash -> Nullable<Text>,
        deactivated_at -> Nullable<Timestamp>,
        oidc_subject -> Nullable<Text>,
    }
}

diesel::table! {
    password_links (id) {
        id -> Integer,
        token_hash -> Text,
        person_id -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_attempts (throttle_key) {
        throttle_key -> Text,
        attempts -> Integer,
        since -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        person_id -> Integer,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        token_hash -> Text,
        person_id -> Integer,
        name -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> Timestamp,
        person_id -> Nullable<Integer>,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before_value -> Nullable<Text>,
        after_value -> Nullable<Text>,
        address -> Nullable<Text>,
    }
}

diesel::table! {
    strategies (id) {
        id -> Integer,
        name -> Text,
        description -> Text,
        start_year -> Integer,
        end_year -> Integer,
    }
}

diesel::table! {
    focus_areas (id) {
        id -> Integer,
        strategy_id -> Integer,
        name -> Text,
        description -> Text,
        department_id -> Integer,
    }
}

diesel::table! {
    phases (id) {
        id -> Integer,
        name -> Text,
        position -> Integer,
    }
}

diesel::table! {
    projects (id) {
        id -> Integer,
        name -> Text,
        sort_key -> Text,
        search_text -> Text,
        description -> Text,
        case_number -> Nullable<Text>,
        department_id -> Integer,
        manager_id -> Nullable<Integer>,
        owner_id -> Nullable<Integer>,
        phase_id -> Integer,
        kind -> Text,
        must_do -> Bool,
        focus_area_id -> Nullable<Integer>,
        parent_id -> Nullable<Integer>,
        start_date -> Nullable<Date>,
        planned_end -> Nullable<Date>,
        budget -> BigInt,
        spent -> BigInt,
        operating_cost -> BigInt,
        expected_benefits -> Text,
        state -> Text,
        cancel_reason -> Nullable<Text>,
        ended_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_reported_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    project_economy (project_id) {
        project_id -> Integer,
        forecast -> Nullable<BigInt>,
        expected_end -> Nullable<Date>,
        operating_from -> Nullable<Integer>,
        financing_department_id -> Nullable<Integer>,
        benefit_yearly -> BigInt,
        benefit_from -> Nullable<Integer>,
        contract_end -> Nullable<Date>,
        benefits_followed_up -> Nullable<Date>,
    }
}

diesel::table! {
    benefits (id) {
        id -> Integer,
        project_id -> Integer,
        what -> Text,
        owner -> Text,
        measure -> Text,
        baseline_value -> Nullable<Double>,
        target_value -> Nullable<Double>,
        due -> Nullable<Date>,
    }
}

diesel::table! {
    benefit_readings (id) {
        id -> Integer,
        benefit_id -> Integer,
        measured_on -> Date,
        value -> Double,
        note -> Text,
    }
}

diesel::table! {
    baselines (id) {
        id -> Integer,
        project_id -> Integer,
        planned_end -> Nullable<Date>,
        budget -> BigInt,
        reason -> Text,
        set_by -> Nullable<Integer>,
        set_at -> Timestamp,
        is_current -> Bool,
    }
}

diesel::table! {
    milestones (id) {
        id -> Integer,
        project_id -> Integer,
        name -> Text,
        tender -> Bool,
        planned -> Date,
        moved_to -> Nullable<Date>,
        done_on -> Nullable<Date>,
        note -> Text,
    }
}

diesel::table! {
    milestone_moves (id) {
        id -> Integer,
        milestone_id -> Integer,
        moved_on -> Date,
        from_date -> Date,
        to_date -> Date,
    }
}

diesel::table! {
    council_assessments (id) {
        id -> Integer,
        project_id -> Integer,
        quarter -> Text,
        ressourcer -> Nullable<Text>,
        ressourcer_comment -> Text,
        leverancer -> Nullable<Text>,
        leverancer_comment -> Text,
        tid -> Nullable<Text>,
        tid_comment -> Text,
        okonomi -> Nullable<Text>,
        okonomi_comment -> Text,
        comment -> Text,
        assessed_by -> Nullable<Integer>,
        assessed_at -> Timestamp,
    }
}

diesel::table! {
    tolerances (id) {
        id -> Integer,
        time_yellow_months -> Integer,
        time_red_months -> Integer,
        cost_yellow_percent -> Integer,
        cost_red_percent -> Integer,
    }
}

diesel::table! {
    quarters (code) {
        code -> Text,
        deadline -> Date,
        state -> Text,
    }
}

diesel::table! {
    reminder_plans (quarter) {
        quarter -> Text,
        days_before -> Integer,
        every_days -> Integer,
        active -> Bool,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Integer,
        dedup_key -> Text,
        quarter -> Text,
        kind -> Text,
        person_id -> Nullable<Integer>,
        recipient -> Text,
        cc -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        projects -> Text,
        created_at -> Timestamp,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    status_reports (id) {
        id -> Integer,
        project_id -> Integer,
        quarter -> Text,
        version -> Integer,
        is_latest -> Bool,
        ressourcer -> Text,
        ressourcer_comment -> Text,
        leverancer -> Text,
        leverancer_comment -> Text,
        tid -> Text,
        tid_comment -> Text,
        okonomi -> Text,
        okonomi_comment -> Text,
        comment -> Text,
        reported_by -> Nullable<Integer>,
        reported_at -> Timestamp,
        spent -> Nullable<BigInt>,
        forecast -> Nullable<BigInt>,
        expected_end -> Nullable<Date>,
    }
}

diesel::table! {
    decisions (id) {
        id -> Integer,
        quarter -> Text,
        meeting_date -> Date,
        text -> Text,
        case_number -> Nullable<Text>,
        recorded_at -> Timestamp,
        is_current -> Bool,
        snapshot -> Text,
    }
}

diesel::table! {
    proposals (project_id) {
        project_id -> Integer,
        purpose -> Text,
        required_by -> Text,
        stage -> Text,
        proposed_by -> Nullable<Integer>,
        proposed_at -> Timestamp,
        overlap -> Nullable<Text>,
        overlap_reason -> Text,
        dilemma -> Text,
    }
}

diesel::table! {
    proposal_systems (id) {
        id -> Integer,
        project_id -> Integer,
        name -> Text,
        functions -> Text,
    }
}

diesel::table! {
    reviews (id) {
        id -> Integer,
        project_id -> Integer,
        area -> Text,
        verdict -> Text,
        remark -> Text,
        reviewed_by -> Nullable<Integer>,
        reviewed_at -> Timestamp,
    }
}

diesel::table! {
    systems (id) {
        id -> Integer,
        name -> Text,
        sort_key -> Text,
        supplier -> Text,
        department_id -> Nullable<Integer>,
        functions -> Text,
        contract_end -> Nullable<Date>,
    }
}

diesel::table! {
    project_decisions (id) {
        id -> Integer,
        project_id -> Integer,
        body -> Text,
        kind -> Text,
        decided_on -> Date,
        case_number -> Nullable<Text>,
        text -> Text,
        recorded_by -> Nullable<Integer>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    chefforum_items (id) {
        id -> Integer,
        project_id -> Integer,
        matter -> Text,
        ending -> Nullable<Text>,
        reason -> Text,
        referred_on -> Date,
        referred_by -> Nullable<Integer>,
        decision_id -> Nullable<Integer>,
    }
}

diesel::table! {
    criteria (id) {
        id -> Integer,
        name -> Text,
        weight -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    scores (project_id, criterion_id) {
        project_id -> Integer,
        criterion_id -> Integer,
        score -> Integer,
    }
}

diesel::joinable!(people -> departments (department_id));
diesel::joinable!(focus_areas -> strategies (strategy_id));
diesel::joinable!(focus_areas -> departments (department_id));
diesel::joinable!(projects -> departments (department_id));
diesel::joinable!(projects -> phases (phase_id));
diesel::joinable!(projects -> focus_areas (focus_area_id));
diesel::joinable!(status_reports -> projects (project_id));
diesel::joinable!(project_economy -> projects (project_id));
diesel::joinable!(baselines -> projects (project_id));
diesel::joinable!(benefits -> projects (project_id));
diesel::joinable!(benefit_readings -> benefits (benefit_id));
diesel::joinable!(council_assessments -> projects (project_id));
diesel::joinable!(milestones -> projects (project_id));
diesel::joinable!(milestone_moves -> milestones (milestone_id));
diesel::joinable!(status_reports -> quarters (quarter));
diesel::joinable!(decisions -> quarters (quarter));
diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(api_tokens -> people (person_id));
diesel::joinable!(password_links -> people (person_id));
diesel::joinable!(mail_outbox -> people (person_id));
diesel::joinable!(mail_outbox -> quarters (quarter));
diesel::joinable!(reminder_plans -> quarters (quarter));
diesel::joinable!(audit_log -> people (person_id));
diesel::joinable!(proposals -> projects (project_id));
diesel::joinable!(proposal_systems -> projects (project_id));
diesel::joinable!(reviews -> projects (project_id));
diesel::joinable!(systems -> departments (department_id));
diesel::joinable!(project_decisions -> projects (project_id));
diesel::joinable!(chefforum_items -> projects (project_id));
diesel::joinable!(scores -> criteria (criterion_id));

diesel::allow_tables_to_appear_in_same_query!(
    departments,
    people,
    strategies,
    focus_areas,
    phases,
    projects,
    quarters,
    status_reports,
    decisions,
    sessions,
    sign_in_attempts,
    api_tokens,
    audit_log,
    password_links,
    reminder_plans,
    mail_outbox,
    project_economy,
    baselines,
    tolerances,
    milestones,
    milestone_moves,
    council_assessments,
    benefits,
    benefit_readings,
    proposals,
    proposal_systems,
    reviews,
    systems,
    project_decisions,
    chefforum_items,
    criteria,
    scores,
);
